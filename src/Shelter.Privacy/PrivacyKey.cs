using System.Security.Cryptography;
using System.Text;

namespace Shelter.Privacy;

/// <summary>
/// The node's privacy key: the same on every node of a cluster, kept outside the data folder and its backups. Each use
/// gets its own key derived from it (HKDF-SHA256 with a purpose label), so no two uses share key material.
/// </summary>
public sealed class PrivacyKey
{
    public const int MinimumBytes = 32;

    private readonly byte[] _key;

    public PrivacyKey(byte[] key)
    {
        if (key.Length < MinimumBytes)
        {
            throw new ArgumentException($"a privacy key needs at least {MinimumBytes} bytes", nameof(key));
        }
        _key = [.. key];
    }

    public byte[] Derive(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, salt: Encoding.ASCII.GetBytes("shelter-privacy/v1"), info: Encoding.UTF8.GetBytes(purpose));

    /// <summary>
    /// The configured key (base64), or the key file's; a missing file is made with a new random key, for a single node.
    /// </summary>
    public static PrivacyKey Load(string? configured, string file)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PrivacyKey(Convert.FromBase64String(configured.Trim()));
        }
        if (File.Exists(file))
        {
            return new PrivacyKey(Convert.FromBase64String(File.ReadAllText(file).Trim()));
        }
        var key = RandomNumberGenerator.GetBytes(MinimumBytes);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(file, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(Convert.ToBase64String(key));
        }
        return new PrivacyKey(key);
    }

    /// <summary>Whether <paramref name="text"/> is base64 of a key long enough.</summary>
    public static bool IsValidText(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var length) && length >= MinimumBytes;
    }
}
