namespace Shelter.Station.Card;

/// <summary>Why a card or phone could not make its tap, each with what the volunteer is told (Japanese first).</summary>
public enum CardProblemKind
{
    /// <summary>No JPKI application, or no certificate on it.</summary>
    NotJpki,

    WrongPin,

    PinBlocked,

    /// <summary>The certificate expired (checked on the station before anyone types a PIN).</summary>
    CertificateExpired,

    /// <summary>The card went away mid-flow.</summary>
    Removed,

    /// <summary>An answer no JPKI card gives in this order: a reader fault, logged without the PIN.</summary>
    ReaderFault,
}

/// <summary>A failed tap at the card: its kind, the tries left after a wrong PIN, and the sentences for the volunteer.</summary>
public sealed class CardProblem(CardProblemKind kind, ushort statusWord, int? triesLeft = null)
    : Exception($"{kind} (SW {statusWord:X4}{(triesLeft is { } n ? $", {n} tries left" : "")})")
{
    public CardProblemKind Kind { get; } = kind;

    public ushort StatusWord { get; } = statusWord;

    public int? TriesLeft { get; } = triesLeft;

    public string Japanese => Kind switch
    {
        CardProblemKind.NotJpki => "マイナンバーカードではないか、電子証明書がありません。受付へご案内ください。",
        CardProblemKind.WrongPin => $"暗証番号が違います。残り{TriesLeft}回。わからない場合は無理に入力せず、仮カードを発行してください。",
        CardProblemKind.PinBlocked => "暗証番号がロックされています。このカードは使えません。受付へ（仮カード）。",
        CardProblemKind.CertificateExpired => "電子証明書の有効期限が切れています。受付へ（仮カード）。",
        CardProblemKind.Removed => "カード（スマートフォン）を置き直し、音が鳴るまで動かさないでください。",
        _ => "読み取りに失敗しました。もう一度お試しください。続く場合は受付へ。",
    };

    public string English => Kind switch
    {
        CardProblemKind.NotJpki => "Not a My Number card, or no e-certificate on it: send to the desk.",
        CardProblemKind.WrongPin => $"Wrong PIN. {TriesLeft} tries left. If unsure, don't guess: issue a temporary card.",
        CardProblemKind.PinBlocked => "PIN locked. This card can't be used here; send to the desk for a temporary card.",
        CardProblemKind.CertificateExpired => "Certificate expired: send to the desk for a temporary card.",
        CardProblemKind.Removed => "Put the card (phone) back and keep it still until the beep.",
        _ => "The reader could not read this card. Try again; if it keeps failing, send to the desk.",
    };
}
