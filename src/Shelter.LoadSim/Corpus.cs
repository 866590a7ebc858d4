using System.Security.Cryptography;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Domain;
using Shelter.Protocol;

namespace Shelter.LoadSim;

/// <summary>One tap of the plan, signed in advance: signing is the card's work, so the benchmark must not spend the host's cores on it.</summary>
public sealed record SimTap(Guid TapId, int Shelter, int Reader, TapAction Action, DateTimeOffset OccurredAt, byte[]? Nonce, byte[]? Signature);

/// <summary>A simulated evacuee: a credential and the taps they will make, in order.</summary>
public sealed record SimEvacuee(int Index, CredentialKind Kind, byte[]? Certificate, string? CardId, bool Expired, SimTap[] Taps);

/// <summary>
/// Everything a run sends: evacuees with development credentials of every kind, and their taps, pre-signed. Building it
/// costs minutes (RSA signatures), so it is cached on disk per parameters and reused while its taps are recent enough.
/// </summary>
public sealed class Corpus
{
    private const int RsaKeys = 32;
    private const int EcKeys = 8;

    private Corpus(SimEvacuee[] evacuees, DateTimeOffset created)
    {
        Evacuees = evacuees;
        Created = created;
    }

    public SimEvacuee[] Evacuees { get; }

    public DateTimeOffset Created { get; }

    public int TapCount => Evacuees.Sum(e => e.Taps.Length);

    public static string ShelterId(SimOptions options, int shelter) => $"{options.Municipality}-s{shelter}";

    public static string ReaderId(SimOptions options, int reader) => $"{options.Municipality}-r{reader}";

    /// <summary>Readers are spread round-robin: reader r serves shelter r mod S.</summary>
    public static int ShelterOfReader(SimOptions options, int reader) => reader % options.Shelters;

    public static Corpus LoadOrBuild(SimOptions options, DevCertificateAuthority ca, KeyPool keys, TextWriter log)
    {
        var file = Path.Combine(options.CacheDirectory, $"corpus-{Key(options, ca)}.bin");
        if (File.Exists(file))
        {
            var cached = CorpusFile.Read(file);
            if (DateTimeOffset.UtcNow - cached.Created < TimeSpan.FromDays(3))
            {
                log.WriteLine($"corpus: {cached.Evacuees.Length:N0} evacuees, {cached.TapCount:N0} signed taps from cache");
                return cached;
            }
        }
        var corpus = Build(options, ca, keys, log);
        Directory.CreateDirectory(options.CacheDirectory);
        CorpusFile.Write(file, corpus);
        return corpus;
    }

    public static Corpus Build(SimOptions options, DevCertificateAuthority ca, KeyPool keys, TextWriter log)
    {
        var created = DateTimeOffset.UtcNow;
        // Taps lie in the past two and a half days, so meals fall into several periods, and stay within the
        // host's 7-day window for days after the corpus is made.
        var start = created.AddHours(-60);
        var expiredNotAfter = start.AddDays(-1);
        var evacuees = new SimEvacuee[options.Evacuees];
        var done = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, options.Evacuees, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            // The municipality is part of the seed: two runs against one host must not share temporary cards or tap IDs.
            var random = new Random(HashCode.Combine(options.Seed, options.Municipality, i));
            evacuees[i] = MakeEvacuee(i, random, options, ca, keys, start, expiredNotAfter);
            var n = Interlocked.Increment(ref done);
            if (n % 2000 == 0)
            {
                log.WriteLine($"corpus: signed taps for {n:N0} of {options.Evacuees:N0} evacuees ({watch.Elapsed.TotalSeconds:0} s)");
            }
        });
        var corpus = new Corpus(evacuees, created);
        log.WriteLine($"corpus: {evacuees.Length:N0} evacuees, {corpus.TapCount:N0} signed taps, built in {watch.Elapsed.TotalSeconds:0} s");
        return corpus;
    }

    internal static Corpus FromParts(SimEvacuee[] evacuees, DateTimeOffset created) => new(evacuees, created);

    private static SimEvacuee MakeEvacuee(int index, Random random, SimOptions options, DevCertificateAuthority ca, KeyPool keys, DateTimeOffset start,
        DateTimeOffset expiredNotAfter)
    {
        var roll = random.NextDouble();
        var kind = roll switch
        {
            < 0.05 => CredentialKind.TemporaryCard,
            < 0.40 => CredentialKind.JpkiCard,
            < 0.75 => CredentialKind.JpkiAndroid,
            _ => CredentialKind.JpkiIphone,
        };
        var nextGeneration = kind != CredentialKind.TemporaryCard && roll is >= 0.05 and < 0.10;
        var expired = kind != CredentialKind.TemporaryCard && random.NextDouble() < options.BadShare / 4;
        DevCredential? credential = null;
        string? cardId = null;
        if (kind == CredentialKind.TemporaryCard)
        {
            var id = new byte[8];
            random.NextBytes(id);
            cardId = Convert.ToHexString(id);
        }
        else
        {
            var holder = nextGeneration ? keys.Ec[random.Next(keys.Ec.Count)] : keys.Rsa[random.Next(keys.Rsa.Count)];
            credential = ca.Reissue(holder, expired
                ? new DevIssueOptions { NotBefore = expiredNotAfter.AddYears(-5), NotAfter = expiredNotAfter }
                : new DevIssueOptions { NotBefore = start.AddYears(-1), NotAfter = start.AddYears(4) });
        }
        var plan = Plan(index, random, options, start);
        var taps = plan.Select(p =>
        {
            var tapId = NewGuid(random);
            if (credential is null)
            {
                return new SimTap(tapId, p.Shelter, p.Reader, p.Action, p.At, null, null);
            }
            var nonce = new byte[TapChallenge.NonceLength];
            random.NextBytes(nonce);
            var signature = credential.SignTap(ReaderId(options, p.Reader), tapId.ToString(), TapTime.Format(p.At), nonce);
            return new SimTap(tapId, p.Shelter, p.Reader, p.Action, p.At, nonce, signature);
        }).ToArray();
        return new SimEvacuee(index, kind, credential?.CertificateDer, cardId, expired, taps);
    }

    /// <summary>Arrive at a home shelter; meals over two days (sometimes a second try at the same meal); pickups; some move, some leave.</summary>
    private static List<(int Shelter, int Reader, TapAction Action, DateTimeOffset At)> Plan(int index, Random random, SimOptions options, DateTimeOffset start)
    {
        var plan = new List<(int, int, TapAction, DateTimeOffset)>();
        var shelter = random.Next(options.Shelters);
        var at = start.AddMinutes(random.Next(0, 360));
        void Add(TapAction action, double hoursLater)
        {
            at = at.AddHours(hoursLater).AddSeconds(random.Next(0, 600));
            plan.Add((shelter, ReaderFor(shelter, random, options), action, at));
        }
        Add(TapAction.CheckIn, 0);
        var moved = false;
        foreach (var gap in new[] { 3.0, 5.0, 14.0, 5.0, 5.0 })
        {
            if (!moved && random.NextDouble() < 0.08)
            {
                moved = true;
                shelter = (shelter + 1 + random.Next(Math.Max(1, options.Shelters - 1))) % options.Shelters;
                Add(TapAction.CheckIn, gap / 2);
            }
            if (random.NextDouble() < 0.75)
            {
                Add(TapAction.Meal, moved ? gap / 2 : gap);
                if (random.NextDouble() < 0.05)
                {
                    Add(TapAction.Meal, 0.2);
                }
            }
            else
            {
                at = at.AddHours(gap);
            }
            if (random.NextDouble() < 0.06)
            {
                Add(TapAction.SupplyPickup, 0.5);
            }
        }
        if (random.NextDouble() < 0.10)
        {
            Add(TapAction.CheckOut, 1);
        }
        return plan;
    }

    private static int ReaderFor(int shelter, Random random, SimOptions options)
    {
        var perShelter = Math.Max(1, (options.Readers - shelter + options.Shelters - 1) / options.Shelters);
        return Math.Min(options.Readers - 1, shelter + (options.Shelters * random.Next(perShelter)));
    }

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static string Key(SimOptions options, DevCertificateAuthority ca)
    {
        var text = $"v1|{options.Evacuees}|{options.Shelters}|{options.Readers}|{options.Seed}|{options.BadShare}|{options.Municipality}|{Convert.ToHexString(SHA256.HashData(ca.CertificateDer))}";
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }
}
