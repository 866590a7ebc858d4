using System.Text;

namespace Shelter.Credentials;

/// <summary>Operators hand us files in either encoding; this returns the DER bytes of the first PEM block, or the input if it is not PEM.</summary>
public static class DerOrPem
{
    public static byte[] Decode(byte[] content)
    {
        var start = IndexOf(content, "-----BEGIN ");
        if (start < 0)
        {
            return content;
        }
        var text = Encoding.ASCII.GetString(content, start, content.Length - start);
        var bodyStart = text.IndexOf('\n', StringComparison.Ordinal);
        var end = text.IndexOf("-----END ", StringComparison.Ordinal);
        if (bodyStart < 0 || end < bodyStart)
        {
            throw new FormatException("PEM block is not terminated");
        }
        return Convert.FromBase64String(text[(bodyStart + 1)..end]);
    }

    public static byte[] ReadFile(string path) => Decode(File.ReadAllBytes(path));

    private static int IndexOf(byte[] content, string marker)
    {
        var needle = Encoding.ASCII.GetBytes(marker);
        return content.AsSpan().IndexOf(needle);
    }
}
