using System.Security.Cryptography;
using System.Threading.Channels;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;
using Shelter.Station.Demo;
using Shelter.Station.Felica;
using Shelter.Station.Jpki;
using Shelter.Station.Outbox;
using Shelter.Station.Pcsc;
using Shelter.Station.Server;

namespace Shelter.Station.Tests;

[CollectionDefinition(Name)]
public sealed class PcscCollection : ICollectionFixture<PcscdRig>
{
    public const string Name = "pcscd";
}

/// <summary>
/// The station's PC/SC binding against the real pcscd, with virtual cards on vpcd: a card comes into the field, is
/// told apart by its ATR, is read and signs inside a transaction, and is seen leaving; a FeliCa card in the other slot
/// gives its IDm.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class PcscTests(PcscdRig rig) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly DevCertificateAuthority _ca = DevCertificateAuthority.Create();

    [PcscdFact]
    public void A_my_number_card_over_pcsc_is_seen_read_signed_and_seen_leaving()
    {
        using var holder = _ca.Issue();
        using var context = PcscContext.Establish();
        var reader = rig.Readers[0];
        var empty = Until(context, ReaderState.Unaware(reader), s => !s.CardPresent);

        var card = new VirtualJpki(holder, VirtualJpki.Card);
        rig.Slots[0].Present(card, VirtualJpki.MyNumberAtr);
        var present = Until(context, empty, s => s.CardPresent);
        Assert.Equal(VirtualJpki.MyNumberAtr, present.Atr);
        Assert.Equal(CardFamily.Iso14443, FelicaCard.Classify(present.Atr));

        ReaderTap tap;
        using (var connected = context.Connect(reader))
        {
            Assert.Equal(VirtualJpki.MyNumberAtr, connected.Atr());
            var request = new JpkiTapMaker.Request("gate-1", "hall", "check-in", RandomNumberGenerator.GetBytes(TapChallenge.NonceLength));
            tap = new JpkiTapMaker(TimeProvider.System).Make(connected, request, _ => "1234");
        }
        using var anchors = new TrustAnchors([TrustAnchor.Load(_ca.CertificateDer)]);
        var verified = ServerCheck.Verify(ServerCheck.VerifierFor(anchors), tap);
        Assert.True(verified.IsValid, verified.Message);
        Assert.Contains("VERIFY ****", card.Commands);

        rig.Slots[0].Remove();
        Until(context, present, s => !s.CardPresent);
    }

    [PcscdFact]
    public void A_felica_card_in_the_other_slot_gives_its_idm()
    {
        using var context = PcscContext.Establish();
        var reader = rig.Readers[1];
        var empty = Until(context, ReaderState.Unaware(reader), s => !s.CardPresent);
        rig.Slots[1].Present(new VirtualFelica(Convert.FromHexString("012E4CD8A1B2C3D4")), VirtualFelica.Atr);
        var present = Until(context, empty, s => s.CardPresent);
        Assert.Equal(CardFamily.Felica, FelicaCard.Classify(present.Atr));
        using (var connected = context.Connect(reader))
        {
            Assert.Equal("012E4CD8A1B2C3D4", FelicaCard.ReadCardId(connected));
        }
        rig.Slots[1].Remove();
        Until(context, present, s => !s.CardPresent);
    }

    [PcscdFact]
    public async Task The_monitor_hands_a_card_to_the_station_which_records_its_tap_and_hears_it_leave()
    {
        using var holder = _ca.Issue();
        var folder = Directory.CreateTempSubdirectory("shelter-station-outbox-").FullName;
        try
        {
            using var outbox = new TapOutbox(folder);
            // No server: the station works offline, with nonces of its own.
            using var nowhere = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9") };
            var nonces = new NonceStock(nowhere, () => null, TimeProvider.System);
            var link = new StationLink(new TapForwarder(nowhere, outbox, () => null, TimeProvider.System), outbox, nonces, TimeProvider.System);
            var station = new TapStation(new ReaderRegistrationResponse("gate-1", "hall", "srdr_unused"), outbox, link, nonces, TimeProvider.System) { Action = "meal" };
            var results = Channel.CreateUnbounded<TapResult>();
            var removed = Channel.CreateUnbounded<string>();
            var readers = Channel.CreateUnbounded<IReadOnlyList<string>>();
            using var stop = new CancellationTokenSource();
            var monitor = Task.Factory.StartNew(() => new CardMonitor().Run(
                (_, card, atr) => results.Writer.TryWrite(station.Read(card, atr, new FixedPin("1234"), stop.Token)),
                reader => removed.Writer.TryWrite(reader),
                list => readers.Writer.TryWrite(list), stop.Token), TaskCreationOptions.LongRunning);
            using var patience = new CancellationTokenSource(Patience);
            // A monitor that failed says why, rather than leaving the test to wait for what it will never hand over.
            async Task<T> Next<T>(Channel<T> channel)
            {
                var next = channel.Reader.ReadAsync(patience.Token).AsTask();
                if (await Task.WhenAny(next, monitor) == monitor)
                {
                    await monitor;
                }
                return await next;
            }

            Assert.Contains(rig.Readers[0], await Next(readers));
            rig.Slots[0].Present(new VirtualJpki(holder, VirtualJpki.Card), VirtualJpki.MyNumberAtr);
            var result = await Next(results);
            Assert.Equal(Verdict.Amber, result.Verdict);
            Assert.Contains("オンラインに戻った", result.Japanese);
            var held = outbox.Find(result.TapId!)!;
            var tap = System.Text.Json.JsonSerializer.Deserialize<ReaderTap>(held.Json, ReaderProtocol.Json)!;
            Assert.Equal("meal", tap.Action);
            Assert.Equal(TapChallenge.NonceLength, Convert.FromBase64String(tap.Credential.Nonce!).Length);
            using var anchors = new TrustAnchors([TrustAnchor.Load(_ca.CertificateDer)]);
            var verified = ServerCheck.Verify(ServerCheck.VerifierFor(anchors), tap);
            Assert.True(verified.IsValid, verified.Message);
            Assert.Equal(1, outbox.WaitingCount);

            rig.Slots[0].Remove();
            Assert.Equal(rig.Readers[0], await Next(removed));
            await stop.CancelAsync();
            await monitor.WaitAsync(patience.Token);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class FixedPin(string pin) : IPinPad
    {
        public string? AskPin(int? triesLeft, CancellationToken cancel, string purpose) => pin;
    }

    /// <summary>Waits on pcscd for the reader's state to satisfy <paramref name="wanted"/>; fails after <see cref="Patience"/>.</summary>
    private static ReaderState Until(PcscContext context, ReaderState known, Func<ReaderState, bool> wanted)
    {
        var deadline = DateTime.UtcNow + Patience;
        var state = known;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"{state.Reader} stayed {state.Status}");
            var changed = context.WaitForChange([state], left);
            if (changed is not null)
            {
                state = changed[0];
                if (wanted(state))
                {
                    return state;
                }
            }
        }
    }

    public void Dispose() => _ca.Dispose();
}
