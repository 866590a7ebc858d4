namespace Shelter.Credentials.DevPki;

/// <summary>The key a development credential gets: today's cards and phones (RSA-2048) or the next-generation card (P-384).</summary>
public enum DevKeyKind
{
    Rsa2048,
    EcdsaP384,
}
