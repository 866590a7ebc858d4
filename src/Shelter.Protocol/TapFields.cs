namespace Shelter.Protocol;

/// <summary>The JSON names of a tap's fields. The contract records carry them and the server's parser reads by them.</summary>
public static class TapFields
{
    public const string Taps = "taps";
    public const string TapId = "tapId";
    public const string ReaderId = "readerId";
    public const string ShelterId = "shelterId";
    public const string Action = "action";
    public const string OccurredAt = "occurredAt";
    public const string Credential = "credential";
    public const string Kind = "kind";
    public const string Certificate = "certificate";
    public const string Nonce = "nonce";
    public const string Signature = "signature";
    public const string CardId = "cardId";
}
