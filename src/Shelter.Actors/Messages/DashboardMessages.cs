using Shelter.Domain;

namespace Shelter.Actors;

/// <summary>The dashboard projection's figures of shelters changed after <paramref name="SinceVersion"/> (0: all).</summary>
public sealed record GetDashboard(long SinceVersion) : IShelterMessage;

public sealed record DashboardShelter(DashboardSnapshot Figures, long Version) : IShelterMessage;

public sealed record DashboardAnswer(long Version, long Offset, DashboardShelter[] Shelters) : IShelterMessage;

/// <summary>Replays all shelter events from the start into a fresh model and answers with it: the invariant-6 check.</summary>
public sealed record ReplayDashboardFromScratch : IShelterMessage;

/// <summary>The projection's stored state: its offset in the shelter stream and every shelter's figures.</summary>
public sealed record DashboardProjectionSnapshot(long Offset, DashboardSnapshot[] Shelters) : IShelterMessage;
