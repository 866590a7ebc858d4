using Shelter.Credentials;
using Shelter.Domain;

namespace Shelter.LoadSim;

/// <summary>The corpus on disk: a compact binary file, so tens of thousands of certificates and signatures load in a second.</summary>
internal static class CorpusFile
{
    private const int Version = 1;

    public static void Write(string path, Corpus corpus)
    {
        var temp = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temp)))
        {
            writer.Write(Version);
            writer.Write(corpus.Created.UtcTicks);
            writer.Write(corpus.Evacuees.Length);
            foreach (var e in corpus.Evacuees)
            {
                writer.Write(e.Index);
                writer.Write((byte)e.Kind);
                writer.Write(e.Expired);
                WriteBytes(writer, e.Certificate);
                writer.Write(e.CardId ?? string.Empty);
                writer.Write(e.Taps.Length);
                foreach (var t in e.Taps)
                {
                    writer.Write(t.TapId.ToByteArray());
                    writer.Write(t.Shelter);
                    writer.Write(t.Reader);
                    writer.Write((byte)t.Action);
                    writer.Write(t.OccurredAt.UtcTicks);
                    WriteBytes(writer, t.Nonce);
                    WriteBytes(writer, t.Signature);
                }
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    public static Corpus Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.ReadInt32() != Version)
        {
            throw new InvalidDataException($"{path} is from another version of the simulator; delete it");
        }
        var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var evacuees = new SimEvacuee[reader.ReadInt32()];
        for (var i = 0; i < evacuees.Length; i++)
        {
            var index = reader.ReadInt32();
            var kind = (CredentialKind)reader.ReadByte();
            var expired = reader.ReadBoolean();
            var certificate = ReadBytes(reader);
            var cardId = reader.ReadString();
            var taps = new SimTap[reader.ReadInt32()];
            for (var j = 0; j < taps.Length; j++)
            {
                taps[j] = new SimTap(new Guid(reader.ReadBytes(16)), reader.ReadInt32(), reader.ReadInt32(), (TapAction)reader.ReadByte(),
                    new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero), ReadBytes(reader), ReadBytes(reader));
            }
            evacuees[i] = new SimEvacuee(index, kind, certificate, cardId.Length == 0 ? null : cardId, expired, taps);
        }
        return Corpus.FromParts(evacuees, created);
    }

    private static void WriteBytes(BinaryWriter writer, byte[]? bytes)
    {
        writer.Write(bytes?.Length ?? -1);
        if (bytes is not null)
        {
            writer.Write(bytes);
        }
    }

    private static byte[]? ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        return length < 0 ? null : reader.ReadBytes(length);
    }
}
