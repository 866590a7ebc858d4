using System.Text.Json;
using Shelter.Credentials;
using Shelter.Protocol;

namespace Shelter.Station.Server;

/// <summary>
/// The station's reader token, with the reader and shelter it is for, in a file only its owner can read. It is taken
/// from a registration code and never from the command line, where it would show in the process list and the shell's
/// history.
/// </summary>
public sealed class StationToken(string path)
{
    public string Path { get; } = path;

    public ReaderRegistrationResponse? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            throw new StationSetupException($"トークンのファイル {Path} を他のユーザーも読めます。chmod 600 にしてください。 / The token file {Path} is readable by others: chmod 600 it.");
        }
        return JsonSerializer.Deserialize<ReaderRegistrationResponse>(File.ReadAllText(Path), ReaderProtocol.Json);
    }

    public void Save(ReaderRegistrationResponse registration) => OwnerOnlyFile.Write(Path, JsonSerializer.Serialize(registration, ReaderProtocol.Json));
}

/// <summary>A problem setting the station up, with the sentence (Japanese, then English) the volunteer reads.</summary>
public sealed class StationSetupException(string message) : Exception(message);
