namespace Shelter.LoadSim;

/// <summary>
/// Before the run, the desk's work for the share of people who are registered: each chosen card or phone holder
/// checks in once (a provisional evacuee), is registered and linked after the preview, and some are issued a
/// temporary card as a second credential, whose taps then act on the same person. The model counts people from then
/// on (<see cref="Model.UseUnits"/>), so reconciliation is per person.
/// </summary>
public static class DeskLinks
{
    public sealed record Plan(int[] UnitOf, IReadOnlyList<int> Linked, IReadOnlyList<(int Holder, int Card)> SecondCards);

    public sealed record Done(int People, int Credentials, double Seconds);

    public static Plan Choose(SimOptions options, Corpus corpus)
    {
        // A fixed seed, not HashCode.Combine: string hashes differ between processes, and the baseline run must choose the same people.
        var random = new Random(unchecked((options.Seed * 7919) + 17));
        var unitOf = Enumerable.Range(0, corpus.Evacuees.Length).ToArray();
        var linked = corpus.Evacuees
            .Where(e => e.Certificate is not null && !e.Expired && e.Taps is [{ Action: Domain.TapAction.CheckIn }, ..] && random.NextDouble() < options.LinkedShare)
            .Select(e => e.Index).ToList();
        var cards = corpus.Evacuees.Where(e => e.Certificate is null && e.Taps.Length > 0 && random.NextDouble() < options.LinkedShare).Select(e => e.Index).ToList();
        var second = new List<(int, int)>();
        for (var i = 0; i < cards.Count && i < linked.Count; i++)
        {
            var holder = linked[random.Next(linked.Count)];
            if (second.Any(s => s.Item1 == holder))
            {
                continue;
            }
            second.Add((holder, cards[i]));
            unitOf[cards[i]] = holder;
        }
        return new Plan(unitOf, linked, second);
    }

    public static async Task<Done> Make(Plan plan, SimOptions options, Corpus corpus, HostClient client, Driver firstTaps, Model model, TextWriter log)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (!options.NoLinks)
        {
            model.UseUnits(plan.UnitOf);
        }
        await firstTaps.PlayFirstTaps(plan.Linked);
        log.WriteLine($"desk: {plan.Linked.Count:N0} card and phone holders checked in once ({watch.Elapsed.TotalSeconds:0} s)");
        if (options.NoLinks)
        {
            return new Done(0, 0, watch.Elapsed.TotalSeconds);
        }
        var cards = plan.SecondCards.ToDictionary(s => s.Holder, s => s.Card);
        await Parallel.ForEachAsync(plan.Linked, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (holder, _) =>
        {
            var person = await client.RegisterPerson(options.Municipality);
            var evacuee = await client.GetEvacuee(corpus.Evacuees[holder]) ?? throw new InvalidOperationException($"evacuee {holder} checked in but is not on record");
            await client.Link(person, evacuee.GetProperty("evacueeId").GetString()!);
            if (cards.TryGetValue(holder, out var card))
            {
                await client.IssueCard(person, corpus.Evacuees[card].CardId!);
            }
        });
        log.WriteLine($"desk: {plan.Linked.Count:N0} people registered and linked, {plan.SecondCards.Count:N0} with a temporary card too ({watch.Elapsed.TotalSeconds:0} s)");
        return new Done(plan.Linked.Count, plan.Linked.Count + plan.SecondCards.Count, watch.Elapsed.TotalSeconds);
    }
}
