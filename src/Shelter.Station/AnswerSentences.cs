using Shelter.Protocol;

namespace Shelter.Station;

/// <summary>
/// The server's answer to a tap as the volunteer sees it: green when it counted, amber when it stands but the desk
/// should look (a flag) or it must be sent again, red when refused, each with a sentence in Japanese and English that
/// says what to do. Keyed by the wire codes, so every outcome, reason and flag the server gives has one here.
/// </summary>
public static class AnswerSentences
{
    private static readonly Dictionary<string, (string Japanese, string English)> Outcomes = new(StringComparer.Ordinal)
    {
        ["checked-in"] = ("チェックインしました。", "Checked in."),
        ["moved"] = ("チェックインしました（前の避難所からの移動）。", "Checked in (moved from another shelter)."),
        ["already-checked-in"] = ("すでにこの避難所にチェックイン済みです。", "Already checked in here."),
        ["checked-out"] = ("チェックアウトしました。", "Checked out."),
        ["meal-served"] = ("食事を記録しました。", "Meal recorded."),
        ["supply-picked-up"] = ("物資の受け取りを記録しました。", "Supply pickup recorded."),
        ["superseded"] = ("記録しました（より新しい移動が先に届いているため、居場所は変わりません）。", "Recorded; a later move arrived first, so the location stays."),
    };

    private static readonly Dictionary<string, (string Japanese, string English)> Flags = new(StringComparer.Ordinal)
    {
        ["revoked-after-tap"] = ("記録しました。この証明書はその後失効しています。受付で確認してください。", "Recorded; the certificate was revoked after this tap. Check at the desk."),
        ["held-after-tap"] = ("記録しました。このカードはその後保留になっています。受付で確認してください。", "Recorded; the card was put on hold after this tap. Check at the desk."),
        ["walk-in"] = ("記録しました。受付で発行されていないカードです。受付で登録してください。", "Recorded; this card was not issued at a desk: register the person at the desk."),
        ["certificate-only-pair"] = ("記録しました。同じ食事が暗証番号なしでも記録されています（1回と数えます）。", "Recorded; the same meal was also recorded without a PIN (counted once)."),
    };

    private static readonly (string, string) ReaderBug = ("端末の不具合です。受付で記録し、管理者に連絡してください。", "A station fault: record it at the desk and tell the administrator.");
    private static readonly (string, string) ToDesk = ("このカードは使えません。受付へご案内ください（仮カード）。", "This card can't be used: send the person to the desk (temporary card).");
    private static readonly (string, string) TapAgain = ("読み取りに失敗しました。もう一度かざしてください。", "The read failed: tap again.");

    private static readonly Dictionary<string, (string Japanese, string English)> Reasons = new(StringComparer.Ordinal)
    {
        ["malformed-tap"] = ReaderBug,
        ["unknown-action"] = ReaderBug,
        ["malformed-time"] = ReaderBug,
        ["unknown-credential-kind"] = ReaderBug,
        ["malformed-credential"] = ReaderBug,
        ["reader-mismatch"] = ("この端末の登録と合いません。端末を登録し直してください。", "The tap names another reader: register this station again."),
        ["shelter-mismatch"] = ("この端末は別の避難所に登録されています。", "This station is registered to another shelter."),
        ["in-future"] = ("端末の時計が進みすぎています。時計を合わせ、受付で記録してください。", "The station's clock is ahead: set it, and record this at the desk."),
        ["too-old"] = ("7日より前の記録です。受付で記録してください。", "Older than 7 days: record it at the desk."),
        ["unavailable"] = ("サーバーが混み合っています。自動で送り直します。", "The server is busy; it will be sent again by itself."),
        ["foreign-nonce"] = TapAgain,
        ["nonce-reused"] = TapAgain,
        ["signature-required"] = ("暗証番号が必要です。もう一度かざして暗証番号を入力してください。", "A PIN is needed: tap again and enter the PIN."),
        ["malformed-certificate"] = TapAgain,
        ["oversized"] = ToDesk,
        ["untrusted-issuer"] = ToDesk,
        ["test-root-not-allowed"] = ToDesk,
        ["expired"] = ("電子証明書の有効期限が切れています。受付へ（仮カード）。", "Certificate expired: send to the desk for a temporary card."),
        ["not-yet-valid"] = ("電子証明書がまだ有効ではありません。端末の時計を確かめ、受付へ。", "Certificate not yet valid: check the station's clock; send to the desk."),
        ["wrong-key-usage"] = ToDesk,
        ["weak-key"] = ToDesk,
        ["unsupported-algorithm"] = ToDesk,
        ["revoked"] = ("この証明書は失効しています。受付へご案内ください。", "This certificate is revoked: send the person to the desk."),
        ["on-hold"] = ("このカードは保留中です。受付へご案内ください。", "This card is on hold: send the person to the desk."),
        ["bad-signature"] = TapAgain,
        ["challenge-mismatch"] = TapAgain,
        ["malformed-card-id"] = ("仮カードを読み取れません。もう一度かざすか、受付へ。", "The temporary card could not be read: tap again or go to the desk."),
        ["not-checked-in"] = ("この避難所にチェックインしていません。先にチェックインしてください。", "Not checked in here: check in first."),
        ["checked-in-elsewhere"] = ("別の避難所にチェックインしています。受付で確認してください。", "Checked in at another shelter: check at the desk."),
        ["meal-already-served"] = ("この食事はすでに受け取っています。", "This meal was already served."),
        ["unknown-card"] = ("このカードは受付で発行されたものではありません。受付へご案内ください。", "This card was not issued at a desk: send the person to the desk."),
        ["card-withdrawn"] = ("このカードは無効にされています。受付へご案内ください。", "This card was withdrawn: send the person to the desk."),
        ["move-needs-desk"] = ("このカードだけではここにチェックインできません。受付へご案内ください。", "This card alone cannot check the person in here: send them to the desk."),
        ["outside-offline-window"] = ("オフライン中の記録として受け付けられません。本人がいた場合は受付で記録してください。", "Not accepted as made offline: if the person was here, record it at the desk."),
    };

    /// <summary>Every outcome, flag and reason this table has a sentence for (the tests hold it to the server's lists).</summary>
    public static IEnumerable<string> Codes => Outcomes.Keys.Concat(Flags.Keys).Concat(Reasons.Keys);

    public static TapResult Of(TapAnswer answer)
    {
        if (answer.Status is TapStatusCodes.Accepted or TapStatusCodes.Duplicate && answer.Outcome is { } outcome)
        {
            if (answer.Flag is { } flag)
            {
                var (flagJa, flagEn) = Flags.GetValueOrDefault(flag, ("記録しました。受付で確認してください。", "Recorded; check at the desk."));
                return new TapResult(Verdict.Amber, flagJa, flagEn, answer.TapId, flag);
            }
            var (ja, en) = Outcomes.GetValueOrDefault(outcome, ("記録しました。", "Recorded."));
            return new TapResult(Verdict.Green, ja, en, answer.TapId);
        }
        var reason = answer.Reason ?? "";
        var (rja, ren) = Reasons.GetValueOrDefault(reason, ("受け付けられませんでした。受付で確認してください。", $"Not accepted ({reason}): check at the desk."));
        return new TapResult(reason == TapReasons.Unavailable ? Verdict.Amber : Verdict.Red, rja, ren, answer.TapId, reason);
    }
}
