using Shelter.Domain;

namespace Shelter.Actors;

public sealed record RegisterReader(string ReaderId, string ShelterId, string TokenHash) : IEntityCommand
{
    public string EntityId => ReaderId;
}

/// <summary>A reader lookup or registration answer; <paramref name="Reader"/> is null when the reader is unknown or was refused.</summary>
public sealed record ReaderAnswer(ReaderRegistered? Reader, string? Error) : IShelterMessage;

public sealed record GetReader(string ReaderId) : IEntityCommand
{
    public string EntityId => ReaderId;
}
