using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Shelter.Credentials;
using Shelter.Protocol;
using Shelter.Station.Card;

namespace Shelter.Station.Jpki;

/// <summary>
/// Makes one protocol-v2 tap from a card or phone on the reader, in the order each kind needs (<see cref="JpkiFlow"/>): a card's certificate
/// first (an expired one is refused before anyone types a PIN), then the PIN; an Android phone's PIN first (its
/// certificate is read only after VERIFY); an iPhone signs after Face ID on the phone, with no PIN at the reader.
/// The signature is checked against the certificate before the tap leaves the station.
/// </summary>
public sealed class JpkiTapMaker(TimeProvider clock)
{
    /// <summary>
    /// What the station knows of the tap before the card is read; the nonce is a server nonce, or 16 random bytes
    /// offline. <paramref name="CertificateOnly"/>: the shelter takes this action from the certificate alone, so a
    /// token whose certificate is readable without a PIN is not asked for one and signs nothing.
    /// </summary>
    public sealed record Request(string ReaderId, string ShelterId, string Action, byte[] Nonce, bool CertificateOnly = false);

    /// <summary>
    /// Runs the flow. <paramref name="askPin"/> is given the tries left (null when the card does not say) and returns
    /// the 4 digits the person typed; it is not called for an iPhone. <paramref name="opened"/> hears the kind as soon
    /// as the token's label is read (the screen's hint for a phone).
    /// </summary>
    public ReaderTap Make(ICardChannel channel, Request request, Func<int?, string> askPin, Action<CredentialKind>? opened = null)
    {
        var card = new JpkiReader(channel);
        var flow = card.Open();
        opened?.Invoke(flow.Kind);
        if (request.CertificateOnly && !flow.PinBeforeCertificate)
        {
            var readable = card.ReadCertificate();
            RefuseExpired(readable);
            return new ReaderTap(Guid.NewGuid().ToString(), request.ReaderId, request.ShelterId, request.Action, TapTime.Format(clock.GetUtcNow()),
                new TapCredential(flow.Kind.Code(), Convert.ToBase64String(readable)));
        }
        byte[] certificate;
        if (flow.PinBeforeCertificate)
        {
            card.Verify(askPin(card.TriesLeft()));
            certificate = card.ReadCertificate();
            RefuseExpired(certificate);
        }
        else
        {
            certificate = card.ReadCertificate();
            RefuseExpired(certificate);
            if (flow.PinAtReader)
            {
                card.Verify(askPin(card.TriesLeft()));
            }
        }
        var tapId = Guid.NewGuid().ToString();
        var occurredAt = TapTime.Format(clock.GetUtcNow());
        var challenge = TapChallenge.ComputeV2(request.ReaderId, tapId, occurredAt, request.Action, request.ShelterId, request.Nonce);
        var signature = card.Sign(challenge, HasEllipticKey(certificate));
        if (!SignedBy(certificate, challenge, signature))
        {
            // A bad read (or a card that signs with another key than its certificate's) is caught here, not by the server.
            throw new CardProblem(CardProblemKind.ReaderFault, CardResponse.Success);
        }
        if (flow.FinishAfterSigning)
        {
            card.Finish();
        }
        return new ReaderTap(tapId, request.ReaderId, request.ShelterId, request.Action, occurredAt, new TapCredential(flow.Kind.Code(),
            Convert.ToBase64String(certificate), Convert.ToBase64String(request.Nonce), Convert.ToBase64String(signature)));
    }

    /// <summary>The check the server makes: SHA256withRSA (PKCS#1 v1.5), or SHA384withECDSA (DER) for a P-384 key.</summary>
    private static bool SignedBy(byte[] certificate, byte[] challenge, byte[] signature)
    {
        using var parsed = X509CertificateLoader.LoadCertificate(certificate);
        using var rsa = parsed.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.VerifyData(challenge, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        using var ecdsa = parsed.GetECDsaPublicKey();
        return ecdsa is not null && ecdsa.VerifyData(challenge, signature, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static bool HasEllipticKey(byte[] certificate)
    {
        using var parsed = X509CertificateLoader.LoadCertificate(certificate);
        using var ecdsa = parsed.GetECDsaPublicKey();
        return ecdsa is not null;
    }

    private void RefuseExpired(byte[] certificate)
    {
        if (JpkiReader.HasExpired(certificate, clock.GetUtcNow()))
        {
            throw new CardProblem(CardProblemKind.CertificateExpired, CardResponse.Success);
        }
    }
}
