using Akka.Actor;
using Akka.Serialization;
using Akka.Util;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// A payload as Akka.Persistence.Sql's tables store it: the bytes, the manifest its serializer names it by, and the
/// serializer's ID. The journal and the snapshot store write their rows through this one rule.
/// </summary>
internal readonly record struct StoredPayload(byte[] Bytes, string Manifest, int SerializerId)
{
    public static StoredPayload Of(ExtendedActorSystem system, object payload)
    {
        var serializer = system.Serialization.FindSerializerFor(payload);
        var manifest = serializer switch
        {
            SerializerWithStringManifest named => named.Manifest(payload),
            { IncludeManifest: true } => payload.GetType().TypeQualifiedName(),
            _ => string.Empty,
        };
        return new StoredPayload(Akka.Serialization.Serialization.WithTransport(system, () => serializer.ToBinary(payload)), manifest, serializer.Identifier);
    }
}
