namespace Shelter.Credentials.Tests;

internal static class Vectors
{
    private static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Vectors", name);

    public static byte[] UserAuthCertificate => File.ReadAllBytes(Path("user-auth-cert.der"));

    public static byte[] Message1 => File.ReadAllBytes(Path("message1.bin"));

    public static byte[] Message1Signature => File.ReadAllBytes(Path("message1.sha256-rsa-pkcs1.sig"));

    public static DateTimeOffset InsideValidity { get; } = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
