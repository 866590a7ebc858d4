namespace Shelter.Actors;

public enum JournalProvider
{
    Sqlite,
    PostgreSql,
}
