using Shelter.Credentials.DevPki;
using Shelter.Protocol;
using Shelter.Station.Outbox;

namespace Shelter.Station.Tests;

/// <summary>
/// The outbox on its own SQLite file: what waits is sent oldest first and survives a reopen; a batch's answers are
/// recorded; answered taps are deleted after their time except those a volunteer must still look at; the same card's
/// standing taps are found by a hash of it, not by its number.
/// </summary>
public sealed class TapOutboxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-outbox-test-").FullName;

    private static ReaderTap Card(string cardId, string action, DateTimeOffset at) => DevTaps.TemporaryCard(cardId, "gate", "hall", action, at);

    [Fact]
    public void Waiting_taps_survive_a_reopen_and_answered_ones_are_forgotten_unless_they_need_attention()
    {
        var start = DateTimeOffset.UtcNow;
        var first = Card("00000000000000a1", "check-in", start);
        var second = Card("00000000000000a2", "meal", start.AddSeconds(1));
        var third = Card("00000000000000a3", "meal", start.AddSeconds(2));
        using (var outbox = new TapOutbox(_dir))
        {
            outbox.Add(first, start);
            outbox.Add(second, start);
            outbox.Add(third, start);
            outbox.Add(first, start);
            Assert.Equal(3, outbox.WaitingCount);
        }
        using var reopened = new TapOutbox(_dir);
        Assert.Equal([first.TapId, second.TapId, third.TapId], reopened.Waiting(10, 1_000_000).Select(t => t.TapId));
        Assert.Equal([first.TapId], reopened.Waiting(1, 1_000_000).Select(t => t.TapId));

        reopened.Answered([
            new TapAnswer(first.TapId, TapStatusCodes.Accepted, "checked-in", null, null, null),
            new TapAnswer(second.TapId, TapStatusCodes.Rejected, null, "not-checked-in", null, null),
        ], start.AddMinutes(1));
        reopened.NeedsAttention(second.TapId, true);
        Assert.Equal(1, reopened.WaitingCount);
        Assert.Equal(second.TapId, Assert.Single(reopened.Attention()).TapId);

        Assert.Equal(0, reopened.Forget(start.AddMinutes(1)));
        Assert.Equal(1, reopened.Forget(start.AddMinutes(2)));
        Assert.Null(reopened.Find(first.TapId));
        Assert.NotNull(reopened.Find(second.TapId));
        Assert.NotNull(reopened.Find(third.TapId));

        reopened.NeedsAttention(second.TapId, false);
        Assert.Empty(reopened.Attention());
        Assert.Equal(1, reopened.Forget(start.AddMinutes(2)));
    }

    [Fact]
    public void The_same_cards_standing_taps_are_found_by_a_hash_of_the_card()
    {
        var at = DateTimeOffset.UtcNow;
        using var outbox = new TapOutbox(_dir);
        var meal = Card("0123456789abcdef", "meal", at);
        var refused = Card("0123456789ABCDEF", "meal", at.AddMinutes(1));
        outbox.Add(meal, at);
        outbox.Add(refused, at);
        outbox.Add(Card("fedcba9876543210", "meal", at), at);
        outbox.Answered([new TapAnswer(refused.TapId, TapStatusCodes.Rejected, null, "meal-already-served", null, null)], at);

        var key = TapOutbox.CredentialKey(meal.Credential);
        Assert.Equal(key, TapOutbox.CredentialKey(refused.Credential));
        Assert.DoesNotContain("0123456789", key, StringComparison.OrdinalIgnoreCase);
        // The refused one does not stand; the other card's does not count.
        Assert.Single(outbox.Standing(key, "meal"));
        Assert.Empty(outbox.Standing(key, "supply-pickup"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
