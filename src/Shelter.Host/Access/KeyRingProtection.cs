using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Shelter.Host.Access;

/// <summary>
/// Encrypts Data Protection's keys before they go to the shared database, with AES-GCM under a key derived from the
/// bootstrap admin token that every node of a cluster is given. Someone who reads the database alone cannot forge a
/// session cookie; changing the admin token makes the old keys unreadable, which signs every browser out.
/// </summary>
public sealed class KeyRingEncryptor(BootstrapAdmin admin) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(KeyRingSecret.Derive(admin), tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }
        var element = new XElement(KeyRingSecret.ElementName,
            new XAttribute("nonce", Convert.ToBase64String(nonce)), new XAttribute("tag", Convert.ToBase64String(tag)), Convert.ToBase64String(cipher));
        return new EncryptedXmlInfo(element, typeof(KeyRingDecryptor));
    }
}

/// <summary>Data Protection makes the decryptor by type from the stored XML, so it takes its secret from the service provider.</summary>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var admin = (BootstrapAdmin)services.GetService(typeof(BootstrapAdmin))!;
        var nonce = Convert.FromBase64String((string)encryptedElement.Attribute("nonce")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Attribute("tag")!);
        var cipher = Convert.FromBase64String(encryptedElement.Value);
        var plain = new byte[cipher.Length];
        using (var aes = new AesGcm(KeyRingSecret.Derive(admin), tag.Length))
        {
            aes.Decrypt(nonce, cipher, tag, plain);
        }
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}

internal static class KeyRingSecret
{
    public const string ElementName = "shelterEncryptedKey";

    public static byte[] Derive(BootstrapAdmin admin) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(admin.Text), 32, salt: [], info: "shelter data protection key ring v1"u8.ToArray());
}
