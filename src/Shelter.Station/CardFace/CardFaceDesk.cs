using Shelter.Credentials;
using Shelter.Protocol;
using Shelter.Station.Card;
using Shelter.Station.Jpki;

namespace Shelter.Station.CardFace;

/// <summary>What the station read at the desk: the four attributes, and the card's JPKI certificate for the link.</summary>
public sealed record CardFaceRead(CardFaceAttributes Attributes, CredentialKind Kind, byte[] Certificate)
{
    /// <summary>The reading as the server takes it, once the person confirmed it.</summary>
    public CardReading ToReading(string readingId) => new(readingId, Attributes.Name, Attributes.Address,
        Attributes.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Attributes.Sex,
        new TapCredential(Kind.Code(), Convert.ToBase64String(Certificate)));
}

/// <summary>
/// Reading a My Number card at the desk: the 券面事項入力補助AP with its own 4-digit PIN (asked on the screen's pad
/// with the tries left first), file 0002 only, then the JPKI user certificate, which needs no PIN on a card. What
/// each problem tells the desk differs from a tap's: typing the attributes in is always the way on.
/// </summary>
public static class CardFaceDesk
{
    /// <summary>The PIN pad's purpose while it asks for the card-face PIN.</summary>
    public const string PinPurpose = "card-face";

    public static CardFaceRead Read(ICardChannel channel, Func<int?, string> askPin)
    {
        var face = new CardFaceReader(channel);
        face.Open();
        face.Verify(askPin(face.TriesLeft()));
        var attributes = face.ReadAttributes();
        var jpki = new JpkiReader(channel);
        var flow = jpki.Open();
        return new CardFaceRead(attributes, flow.Kind, jpki.ReadCertificate());
    }

    public static (string Japanese, string English) Sentences(CardProblem problem) => problem.Kind switch
    {
        CardProblemKind.NotJpki => ("このカード（スマートフォン）からは券面事項を読めません。手で入力してください。",
            "The attributes cannot be read from this card (or phone): type them in."),
        CardProblemKind.WrongPin => ($"暗証番号（券面事項入力補助用）が違います。残り{problem.TriesLeft}回。わからない場合は手で入力してください。",
            $"Wrong card-face PIN. {problem.TriesLeft} tries left. If unsure, type the attributes in."),
        CardProblemKind.PinBlocked => ("券面事項入力補助用の暗証番号がロックされています。手で入力してください（解除は市区町村の窓口）。",
            "The card-face PIN is locked: type the attributes in (the municipal office resets it)."),
        _ => (problem.Japanese, problem.English),
    };
}
