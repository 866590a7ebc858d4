using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Shelter.Credentials;
using Shelter.Protocol;
using Shelter.Station.Card;

namespace Shelter.Station.Jpki;

/// <summary>
/// The JPKI user-authentication flow on one connected card or phone: which token it is (card, Android, iPhone, by the
/// label in EF 0006), its certificate, the PIN's tries left, VERIFY and the signature over a tap's challenge. Each step
/// maps the status words a JPKI token answers to a <see cref="CardProblem"/> for the volunteer. A VERIFY is never sent
/// again by itself: each wrong one uses a try.
/// </summary>
public sealed class JpkiReader(ICardChannel channel)
{
    private const int MaxCertificateBytes = 8 * 1024;
    private readonly CardTransport _card = new(channel);

    /// <summary>Selects the application and tells, from the token's label, how it is read.</summary>
    public JpkiFlow Open()
    {
        Expect(_card.Send(JpkiCommands.SelectApplication()), CardProblemKind.NotJpki);
        Expect(_card.Send(Iso7816.SelectFile(JpkiCommands.TokenLabelFile)), CardProblemKind.NotJpki);
        var label = Encoding.ASCII.GetString(Expect(_card.Send(Iso7816.ReadBinary(0, 0x20)), CardProblemKind.NotJpki).Data).TrimEnd(' ', '\0');
        return JpkiFlow.ByLabel.TryGetValue(label, out var flow) ? flow : throw new CardProblem(CardProblemKind.NotJpki, CardResponse.Success);
    }

    /// <summary>The user-authentication certificate (DER), read as the length in its first four bytes says.</summary>
    public byte[] ReadCertificate()
    {
        Expect(_card.Send(Iso7816.SelectFile(JpkiCommands.CertificateFile)), CardProblemKind.NotJpki);
        var head = Expect(_card.Send(Iso7816.ReadBinary(0, 4)), CardProblemKind.NotJpki).Data;
        if (head.Length != 4 || head[0] != 0x30 || head[1] != 0x82)
        {
            throw new CardProblem(CardProblemKind.ReaderFault, CardResponse.Success);
        }
        var total = ((head[2] << 8) | head[3]) + 4;
        if (total > MaxCertificateBytes)
        {
            throw new CardProblem(CardProblemKind.ReaderFault, CardResponse.Success);
        }
        var certificate = new List<byte>(total);
        while (certificate.Count < total)
        {
            var want = Math.Min(256, total - certificate.Count);
            var read = _card.Send(Iso7816.ReadBinary(certificate.Count, (byte)(want == 256 ? 0 : want)));
            if (read.StatusWord is 0x6B00 or 0x6282 && read.Data.Length == 0)
            {
                break;
            }
            Expect(read, CardProblemKind.ReaderFault);
            if (read.Data.Length == 0)
            {
                break;
            }
            certificate.AddRange(read.Data.Take(total - certificate.Count));
        }
        return certificate.Count == total ? [.. certificate] : throw new CardProblem(CardProblemKind.ReaderFault, CardResponse.Success);
    }

    /// <summary>The PIN's tries left (null: no limit, or already verified in this session); blocked throws.</summary>
    public int? TriesLeft() => CardPin.TriesLeft(_card, JpkiCommands.PinFile);

    /// <summary>VERIFY with the PIN the person typed (kept by the caller for this transaction only).</summary>
    public void Verify(ReadOnlySpan<char> pin) => CardPin.Verify(_card, JpkiCommands.PinFile, pin);

    /// <summary>
    /// The token's signature over <paramref name="challenge"/>: SHA256withRSA (the card signs its DigestInfo), or for
    /// a P-384 key SHA384withECDSA (<see cref="JpkiCommands.SignatureInput"/>).
    /// </summary>
    public byte[] Sign(ReadOnlySpan<byte> challenge, bool ellipticKey = false)
    {
        Expect(_card.Send(Iso7816.SelectFile(JpkiCommands.SigningKeyFile)), CardProblemKind.NotJpki);
        var answer = _card.Send(JpkiCommands.Sign(JpkiCommands.SignatureInput(challenge, ellipticKey)));
        return Expect(answer, CardProblemKind.ReaderFault).Data is { Length: > 0 } signature
            ? signature
            : throw new CardProblem(CardProblemKind.ReaderFault, answer.StatusWord);
    }

    /// <summary>The iPhone token's closing command; a card's <c>67 00</c> to it is no fault.</summary>
    public void Finish() => _card.Send(JpkiCommands.LastCommand());

    /// <summary>Whether the certificate is past its validity at <paramref name="now"/>: refused before anyone types a PIN.</summary>
    public static bool HasExpired(byte[] certificate, DateTimeOffset now)
    {
        using var parsed = X509CertificateLoader.LoadCertificate(certificate);
        return now.UtcDateTime > parsed.NotAfter.ToUniversalTime() || now.UtcDateTime < parsed.NotBefore.ToUniversalTime();
    }

    private static CardResponse Expect(CardResponse response, CardProblemKind otherwise) => response.StatusWord switch
    {
        CardResponse.Success => response,
        0x6A82 => throw new CardProblem(CardProblemKind.NotJpki, response.StatusWord),
        _ => throw new CardProblem(otherwise, response.StatusWord),
    };
}
