using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>
/// Reader protocol v2 (docs/reader-protocol.md): its challenge binds action and shelter under its own label, so no
/// v1 signature verifies as v2 and no field can be changed after signing; a reader that used v2 is refused v1.
/// </summary>
public sealed class ProtocolV2Tests(HostFixture host) : IClassFixture<HostFixture>
{
    private ReaderTap Tap(DevCredential card, string reader, string shelter, string action, string protocol) =>
        DevTaps.Signed(card, CredentialKind.JpkiCard, reader, shelter, action, DateTimeOffset.UtcNow, protocol: protocol);

    private static ReaderTap WithServerNonce(DevCredential card, string reader, string shelter, string action, string nonce, Guid? tapId = null)
    {
        var id = (tapId ?? Guid.NewGuid()).ToString();
        var at = TapTime.Format(DateTimeOffset.UtcNow);
        var bytes = Convert.FromBase64String(nonce);
        var signature = card.Sign(TapChallenge.ComputeV2(reader, id, at, action, shelter, bytes));
        return new ReaderTap(id, reader, shelter, action, at, new TapCredential(CredentialKind.JpkiCard.Code(), Convert.ToBase64String(card.CertificateDer),
            nonce, Convert.ToBase64String(signature)));
    }

    private async Task<ServerNonceBatch> Nonces(string token, int count)
    {
        var response = await host.Send(HttpMethod.Get, $"{ReaderProtocol.NoncesPath}?count={count}", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ServerNonceBatch>(HostFixture.Json))!;
    }

    [Fact]
    public async Task The_reader_profile_names_the_shelter_and_follows_its_policy()
    {
        var token = await host.OpenWithReader("v2-profile", "v2-profile-gate");
        var response = await host.Send(HttpMethod.Get, ReaderProtocol.ProfilePath, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new ReaderProfile("v2-profile-gate", "v2-profile", "避難所 v2-profile", "Asia/Tokyo", false), await response.Content.ReadFromJsonAsync<ReaderProfile>(HostFixture.Json));

        var reopened = await host.Send(HttpMethod.Post, "/api/v1/shelters", HostFixture.AdminToken,
            new Api.OpenShelterRequest("v2-profile", "避難所 v2-profile", 100, "testcity", null, AllowCertificateOnly: true));
        Assert.True(reopened.IsSuccessStatusCode);
        Assert.True((await (await host.Send(HttpMethod.Get, ReaderProtocol.ProfilePath, token)).Content.ReadFromJsonAsync<ReaderProfile>(HostFixture.Json))!.AllowCertificateOnly);

        Assert.Equal(HttpStatusCode.NoContent, (await host.Send(HttpMethod.Delete, "/api/v1/shelters/v2-profile/readers/v2-profile-gate", HostFixture.AdminToken)).StatusCode);
        var revoked = await host.Send(HttpMethod.Get, ReaderProtocol.ProfilePath, token);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, ReaderProtocol.ProfilePath, host.ViewerToken)).StatusCode);
    }

    [Fact]
    public async Task A_server_nonce_serves_one_tap_of_its_own_reader_and_a_resend_is_still_a_duplicate()
    {
        var token = await host.OpenWithReader("v2-nonce", "v2-nonce-reader");
        var other = await host.OpenWithReader("v2-nonce-other", "v2-nonce-other-reader");
        using var card = host.Ca.Issue();
        var batch = await Nonces(token, 3);
        Assert.Equal(3, batch.Nonces.Length);
        Assert.Equal(3, batch.Nonces.Distinct().Count());
        Assert.All(batch.Nonces, n => Assert.Equal(TapChallenge.ServerNonceLength, Convert.FromBase64String(n).Length));
        Assert.InRange(batch.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(2));

        var first = WithServerNonce(card, "v2-nonce-reader", "v2-nonce", "check-in", batch.Nonces[0]);
        Assert.Equal("checked-in", (await host.PostTaps(ReaderProtocol.V2, token, first)).Single().Outcome);
        var resent = (await host.PostTaps(ReaderProtocol.V2, token, first)).Single();
        Assert.Equal((TapStatusCodes.Duplicate, "checked-in"), (resent.Status, resent.Outcome));

        var reused = (await host.PostTaps(ReaderProtocol.V2, token, WithServerNonce(card, "v2-nonce-reader", "v2-nonce", "meal", batch.Nonces[0]))).Single();
        Assert.Equal((TapStatusCodes.Rejected, TapReasons.NonceReused), (reused.Status, reused.Reason));

        // Another reader's nonce, and one made up in the server's shape, are refused.
        var theirs = (await Nonces(other, 1)).Nonces[0];
        var foreign = (await host.PostTaps(ReaderProtocol.V2, token, WithServerNonce(card, "v2-nonce-reader", "v2-nonce", "meal", theirs))).Single();
        Assert.Equal((TapStatusCodes.Rejected, TapReasons.ForeignNonce), (foreign.Status, foreign.Reason));
        var madeUp = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(TapChallenge.ServerNonceLength));
        Assert.Equal(TapReasons.ForeignNonce, (await host.PostTaps(ReaderProtocol.V2, token, WithServerNonce(card, "v2-nonce-reader", "v2-nonce", "meal", madeUp))).Single().Reason);

        Assert.Equal("meal-served", (await host.PostTaps(ReaderProtocol.V2, token, WithServerNonce(card, "v2-nonce-reader", "v2-nonce", "meal", batch.Nonces[1]))).Single().Outcome);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Send(HttpMethod.Get, $"{ReaderProtocol.NoncesPath}?count=101", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, ReaderProtocol.NoncesPath, host.ViewerToken)).StatusCode);
    }

    [Fact]
    public void A_server_nonce_expires_into_an_offline_tap_and_any_node_with_the_key_verifies_it()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        var options = Microsoft.Extensions.Options.Options.Create(new Options.ShelterOptions { ServerNonceKey = key, ServerNonceLifetime = TimeSpan.FromMinutes(2) });
        var issuer = new Taps.ServerNonces(options, clock);
        var otherNode = new Taps.ServerNonces(options, clock);
        var nonce = issuer.Issue("gate-1", 1).Nonces[0];
        Assert.Equal(Taps.NonceKind.Server, otherNode.Classify("gate-1", nonce));
        Assert.Equal(Taps.NonceKind.Foreign, otherNode.Classify("gate-2", nonce));
        Assert.Equal(Taps.NonceKind.Station, otherNode.Classify("gate-1", new byte[TapChallenge.NonceLength]));
        clock.Now += TimeSpan.FromMinutes(2);
        Assert.Equal(Taps.NonceKind.Expired, otherNode.Classify("gate-1", nonce));
        var elsewhere = new Taps.ServerNonces(Microsoft.Extensions.Options.Options.Create(new Options.ShelterOptions
        {
            ServerNonceKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        }), clock);
        Assert.Equal(Taps.NonceKind.Foreign, elsewhere.Classify("gate-1", nonce));
    }

    [Fact]
    public async Task An_offline_tap_from_before_the_readers_last_contact_before_its_outage_is_refused_and_a_backlog_keeps_its_window()
    {
        var token = await host.OpenWithReader("v2-window", "v2-window-reader");
        Assert.True(Shelter.Access.TokenSecret.TryParse(token, out _, out var tokenId, out _));
        using var card = host.Ca.Issue();
        var now = DateTimeOffset.UtcNow;
        // As if the reader had been registered days ago, and online until its last contact, written by another node an
        // hour ago; nothing since: it was offline.
        var lastContact = now.AddHours(-1);
        await host.Services.GetRequiredService<Shelter.Access.AccessStore>().RecordUse(
            [(tokenId, new Shelter.Access.TokenUse(lastContact, ReaderProtocol.V2, OfflineSince: now.AddDays(-2)))]);

        ReaderTap Offline(string action, DateTimeOffset at) => DevTaps.Signed(card, CredentialKind.JpkiCard, "v2-window-reader", "v2-window", action, at,
            protocol: ReaderProtocol.V2);
        var answers = await host.PostTaps(ReaderProtocol.V2, token, Offline("check-in", now.AddHours(-2)), Offline("check-in", now.AddMinutes(-30)));
        Assert.Equal((TapStatusCodes.Rejected, "outside-offline-window"), (answers[0].Status, answers[0].Reason));
        Assert.Contains("desk", answers[0].Message, StringComparison.Ordinal);
        Assert.Equal("checked-in", answers[1].Outcome);

        // The rest of the backlog comes in later requests: the window stays where the outage began (less the clock allowance).
        var rest = await host.PostTaps(ReaderProtocol.V2, token, Offline("meal", now.AddMinutes(-50)), Offline("supply-pickup", lastContact.AddMinutes(-4)),
            Offline("supply-pickup", lastContact.AddMinutes(-6)));
        Assert.Equal(("meal-served", "supply-picked-up", "outside-offline-window"), (rest[0].Outcome, rest[1].Outcome, rest[2].Reason));

        // A refusal is kept: the same tap sent again is its duplicate.
        var resent = DevTaps.Signed(card, CredentialKind.JpkiCard, "v2-window-reader", "v2-window", "supply-pickup", lastContact.AddMinutes(-6),
            Guid.Parse(rest[2].TapId), ReaderProtocol.V2);
        var again = (await host.PostTaps(ReaderProtocol.V2, token, resent)).Single();
        Assert.Equal((TapStatusCodes.Duplicate, "outside-offline-window"), (again.Status, again.Reason));
    }

    [Fact]
    public async Task An_offline_tap_made_before_its_card_was_revoked_or_held_stands_flagged_for_the_desk_and_one_made_after_is_refused()
    {
        var token = await host.OpenWithReader("v2-revoked", "v2-revoked-reader");
        using var card = host.Ca.Issue();
        using var phone = host.Ca.Issue();
        var since = DateTimeOffset.UtcNow.AddMinutes(-2);
        Assert.True(host.Services.GetRequiredService<Shelter.Credentials.Revocation.CrlStore>()
            .Import(host.Ca.CreateCrl([card.CertificateDer], revokedAt: since)).Imported);
        host.Services.GetRequiredService<Shelter.Credentials.Revocation.HoldList>().Place(phone.Fingerprint, "lost phone", since);
        static ReaderTap Offline(DevCredential credential, string action, DateTimeOffset at) => DevTaps.Signed(credential, CredentialKind.JpkiCard,
            "v2-revoked-reader", "v2-revoked", action, at, protocol: ReaderProtocol.V2);

        var beforeRevocation = Offline(card, "check-in", since.AddMinutes(-1));
        var answers = await host.PostTaps(ReaderProtocol.V2, token, beforeRevocation, Offline(card, "meal", since.AddSeconds(30)),
            Offline(phone, "check-in", since.AddMinutes(-1)), Offline(phone, "meal", since.AddSeconds(30)));
        Assert.Equal((TapStatusCodes.Accepted, "checked-in", "revoked-after-tap"), (answers[0].Status, answers[0].Outcome, answers[0].Flag));
        Assert.Contains("revoked", answers[0].Message, StringComparison.Ordinal);
        Assert.Equal((TapStatusCodes.Rejected, RejectionReason.Revoked.Code()), (answers[1].Status, answers[1].Reason));
        Assert.Equal(("checked-in", "held-after-tap"), (answers[2].Outcome, answers[2].Flag));
        Assert.Equal(RejectionReason.OnHold.Code(), answers[3].Reason);

        // An online tap is made now, after the hold, whatever time it states.
        var nonce = (await Nonces(token, 1)).Nonces[0];
        var online = WithServerNonce(phone, "v2-revoked-reader", "v2-revoked", "meal", nonce);
        Assert.Equal(RejectionReason.OnHold.Code(), (await host.PostTaps(ReaderProtocol.V2, token, online)).Single().Reason);

        var resent = (await host.PostTaps(ReaderProtocol.V2, token, beforeRevocation)).Single();
        Assert.Equal((TapStatusCodes.Duplicate, "revoked-after-tap"), (resent.Status, resent.Flag));
        var view = await host.EvacueeOf(card);
        var flagged = Assert.Single(view.FlaggedTaps);
        Assert.Equal((answers[0].TapId, "check-in", "revoked-after-tap"), (flagged.TapId, flagged.Action, flagged.Flag));
        Assert.Equal(since.ToUnixTimeSeconds(), flagged.Since.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Certificate_only_meals_and_pickups_follow_the_shelter_policy_and_pair_with_a_signed_meal_at_the_desk()
    {
        var token = await host.OpenWithReader("v2-certonly", "v2-certonly-reader");
        using var card = host.Ca.Issue();
        var now = DateTimeOffset.UtcNow;
        ReaderTap Alone(string action) => DevTaps.CertificateOnly(card, CredentialKind.JpkiCard, "v2-certonly-reader", "v2-certonly", action, now);
        Assert.Equal(TapStatusCodes.Accepted, (await host.PostTaps(ReaderProtocol.V2, token, Tap(card, "v2-certonly-reader", "v2-certonly", "check-in",
            ReaderProtocol.V2))).Single().Status);

        // Default: signatures everywhere.
        var refused = (await host.PostTaps(ReaderProtocol.V2, token, Alone("meal"))).Single();
        Assert.Equal((TapStatusCodes.Rejected, TapReasons.SignatureRequired), (refused.Status, refused.Reason));

        // The shelter opened again with only its policy changed takes them (lower assurance, counted apart), never check-ins.
        var policy = await host.Send(HttpMethod.Post, "/api/v1/shelters", HostFixture.AdminToken,
            new Api.OpenShelterRequest("v2-certonly", "避難所 v2-certonly", 100, "testcity", null, AllowCertificateOnly: true));
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        Assert.True((await policy.Content.ReadFromJsonAsync<Api.ShelterView>(HostFixture.Json))!.AllowCertificateOnly);
        var answers = await host.PostTaps(ReaderProtocol.V2, token, Alone("meal"), Alone("supply-pickup"), Alone("check-out"));
        Assert.Equal(("meal-served", "supply-picked-up", TapReasons.SignatureRequired), (answers[0].Outcome, answers[1].Outcome, answers[2].Reason));

        // The person comes with their PIN for the same meal: it stands, the pair goes to the desk, the meal counts once.
        var signed = (await host.PostTaps(ReaderProtocol.V2, token, Tap(card, "v2-certonly-reader", "v2-certonly", "meal", ReaderProtocol.V2))).Single();
        Assert.Equal(("meal-served", "certificate-only-pair"), (signed.Outcome, signed.Flag));
        var shelter = await host.ShelterWhen("v2-certonly", s => s.SupplyPickups == 1 && s.CertificateOnlyTaps == 2);
        Assert.Equal(1, shelter.MealsByPeriod.Values.Sum());
        var view = await host.EvacueeOf(card);
        Assert.Equal(new HashSet<string> { answers[0].TapId, signed.TapId },
            view.FlaggedTaps.Where(f => f.Flag == "certificate-only-pair").Select(f => f.TapId).ToHashSet());
    }

    [Fact]
    public void A_tap_with_a_fresh_server_nonce_has_no_window_and_one_whose_nonce_expired_is_judged_offline()
    {
        using var card = host.Ca.Issue();
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        var options = Microsoft.Extensions.Options.Options.Create(new Options.ShelterOptions
        {
            ServerNonceKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        var nonces = new Taps.ServerNonces(options, clock);
        var verifier = new CredentialVerifier(new TrustAnchors([TrustAnchor.Load(host.Ca.CertificateDer)]), new CredentialVerifierOptions { AllowTestRoots = true });
        var parser = new Taps.TapParser(verifier, clock, TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), nonces);
        var contact = clock.Now.AddMinutes(-10);
        var reader = new Taps.TapParser.ReaderContext("gate", "hall", ShelterTimeZoneOf(), ReaderProtocol.V2, contact);
        Domain.Tap? Parse(ReaderTap tap) => parser.Parse(System.Text.Json.JsonSerializer.SerializeToElement(tap, HostFixture.Json), reader).Tap?.Tap;

        var online = WithServerNonce(card, "gate", "hall", "meal", Convert.ToBase64String(nonces.Issue("gate", 1).Nonces[0]));
        Assert.Null(Parse(online)!.OfflineWindowStart);
        var station = DevTaps.Signed(card, CredentialKind.JpkiCard, "gate", "hall", "meal", clock.Now, protocol: ReaderProtocol.V2);
        Assert.Equal(contact.AddMinutes(-5), Parse(station)!.OfflineWindowStart);
        var late = WithServerNonce(card, "gate", "hall", "meal", Convert.ToBase64String(nonces.Issue("gate", 1).Nonces[0]));
        clock.Now += TimeSpan.FromMinutes(3);
        Assert.Equal(contact.AddMinutes(-5), Parse(late)!.OfflineWindowStart);
        var v1 = DevTaps.Signed(card, CredentialKind.JpkiCard, "gate", "hall", "meal", clock.Now);
        Assert.Null(parser.Parse(System.Text.Json.JsonSerializer.SerializeToElement(v1, HostFixture.Json), reader with { Protocol = ReaderProtocol.V1 }).Tap!.Tap.OfflineWindowStart);
    }

    private static TimeZoneInfo ShelterTimeZoneOf() => Domain.ShelterTimeZone.Resolve("Asia/Tokyo");

    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_v2_tap_is_accepted_and_the_reader_is_listed_as_speaking_v2()
    {
        var token = await host.OpenWithReader("v2-ok", "v2-ok-reader");
        using var card = host.Ca.Issue();
        var answer = (await host.PostTaps(ReaderProtocol.V2, token, Tap(card, "v2-ok-reader", "v2-ok", "check-in", ReaderProtocol.V2))).Single();
        Assert.Equal((TapStatusCodes.Accepted, "checked-in"), (answer.Status, answer.Outcome));

        var readers = await host.Send(HttpMethod.Get, "/api/v1/shelters/v2-ok/readers", HostFixture.AdminToken);
        Assert.Contains("\"protocolVersion\":\"v2\"", await readers.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_v1_signature_sent_as_v2_does_not_verify()
    {
        var token = await host.OpenWithReader("v2-label", "v2-label-reader");
        using var card = host.Ca.Issue();
        var answer = (await host.PostTaps(ReaderProtocol.V2, token, Tap(card, "v2-label-reader", "v2-label", "check-in", ReaderProtocol.V1))).Single();
        Assert.Equal((TapStatusCodes.Rejected, RejectionReason.ChallengeMismatch.Code()), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData("check-out")]
    [InlineData("meal")]
    public async Task A_v2_tap_whose_action_was_changed_after_signing_does_not_verify(string changedTo)
    {
        var reader = "v2-action-" + changedTo;
        var token = await host.OpenWithReader(reader, reader + "-reader");
        using var card = host.Ca.Issue();
        // The change verifies in v1, whose challenge leaves the action out: what v2 is for (v1 first: after v2 it is refused).
        var v1 = DevTaps.Signed(card, CredentialKind.JpkiCard, reader + "-reader", reader, "check-in", DateTimeOffset.UtcNow);
        Assert.NotEqual(RejectionReason.ChallengeMismatch.Code(), (await host.PostTaps(token, v1 with { Action = changedTo })).Single().Reason);

        var signed = Tap(card, reader + "-reader", reader, "check-in", ReaderProtocol.V2);
        var answer = (await host.PostTaps(ReaderProtocol.V2, token, signed with { Action = changedTo })).Single();
        Assert.Equal((TapStatusCodes.Rejected, RejectionReason.ChallengeMismatch.Code()), (answer.Status, answer.Reason));
    }

    [Fact]
    public void A_v2_signature_for_another_shelter_does_not_verify()
    {
        using var card = host.Ca.Issue();
        var anchors = new TrustAnchors([TrustAnchor.Load(host.Ca.CertificateDer)]);
        var verifier = new CredentialVerifier(anchors, new CredentialVerifierOptions { AllowTestRoots = true });
        var tap = Tap(card, "gate", "shelter-a", "check-in", ReaderProtocol.V2);
        CredentialVerification Verify(string shelterId) => verifier.VerifyTap(ReaderProtocol.V2, CredentialKind.JpkiCard, card.CertificateDer, tap.ReaderId,
            tap.TapId, tap.OccurredAt, tap.Action, shelterId, Convert.FromBase64String(tap.Credential.Nonce!), Convert.FromBase64String(tap.Credential.Signature!),
            DateTimeOffset.UtcNow);
        Assert.True(Verify("shelter-a").IsValid);
        Assert.Equal(RejectionReason.ChallengeMismatch, Verify("shelter-b").Reason);
    }

    [Fact]
    public async Task A_reader_that_used_v2_is_refused_v1_and_one_that_never_did_is_not()
    {
        var token = await host.OpenWithReader("v2-down", "v2-down-reader");
        using var card = host.Ca.Issue();
        Assert.Equal(TapStatusCodes.Accepted, (await host.PostTaps(token, Tap(card, "v2-down-reader", "v2-down", "check-in", ReaderProtocol.V1))).Single().Status);
        Assert.Equal(TapStatusCodes.Accepted, (await host.PostTaps(ReaderProtocol.V2, token, Tap(card, "v2-down-reader", "v2-down", "meal", ReaderProtocol.V2))).Single().Status);

        var v1 = await host.Send(HttpMethod.Post, ReaderProtocol.TapsPath, token, new TapBatch([Tap(card, "v2-down-reader", "v2-down", "check-out", ReaderProtocol.V1)]));
        Assert.Equal(HttpStatusCode.Forbidden, v1.StatusCode);
        var problem = (await v1.Content.ReadFromJsonAsync<ProblemDetails>(HostFixture.Json))!;
        Assert.Equal(RequestReasons.ProtocolDowngrade, problem.Extensions["reason"]?.ToString());
        Assert.Contains(ReaderProtocol.TapsPathV2, problem.Detail, StringComparison.Ordinal);
    }
}
