namespace Shelter.Actors;

/// <summary>
/// Persistence IDs of the node's own actors. Entities' persistence IDs are their kind, a dash and an ID that starts
/// with a letter or digit (<c>shelter-relay</c> is the shelter called <c>relay</c>), so a leading underscore is a
/// namespace no entity can reach.
/// </summary>
public static class SystemPersistenceIds
{
    public const string Relay = "_system/relay";

    public const string DashboardProjection = "_system/dashboard-projection";

    /// <summary>Where the relay stored its offset before system IDs had their own namespace; it collided with a shelter called <c>relay</c>.</summary>
    public const string LegacyRelay = "shelter-relay";

    /// <summary>Where the dashboard projection kept its snapshot before system IDs had their own namespace.</summary>
    public const string LegacyDashboardProjection = "dashboard-projection";
}
