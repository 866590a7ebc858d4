namespace Shelter.Station.Pcsc;

/// <summary>
/// Watches the PC/SC readers: a card or phone coming into a reader's field is connected (inside a transaction) and
/// handed to <c>onCard</c> on the monitor's own thread; one leaving is reported; readers plugged in or out are seen
/// through the PnP pseudo-reader. Runs until cancelled, which ends the wait inside pcscd at once.
/// </summary>
public sealed class CardMonitor(Func<PcscContext> establish)
{
    private static readonly TimeSpan WaitAtMost = TimeSpan.FromSeconds(1);

    public CardMonitor()
        : this(PcscContext.Establish)
    {
    }

    /// <param name="onCard">Called with the reader, the connected card and its ATR; the card is disposed after.</param>
    /// <param name="onRemoved">Called with the reader a card left.</param>
    /// <param name="onReaders">Called with the readers attached, at the start and whenever they change.</param>
    public void Run(Action<string, PcscCard, byte[]> onCard, Action<string> onRemoved, Action<IReadOnlyList<string>> onReaders, CancellationToken cancel)
    {
        using var context = establish();
        using var cancelWait = cancel.Register(context.Cancel);
        var states = Watch(context, [], onReaders);
        while (!cancel.IsCancellationRequested)
        {
            // Cancel ends a wait inside pcscd, but not one that begins just after it: a bounded wait looks again.
            var changed = context.WaitForChange(states, WaitAtMost);
            if (changed is null)
            {
                continue;
            }
            var readersChanged = false;
            for (var i = 0; i < changed.Count; i++)
            {
                var before = states[i];
                var now = changed[i];
                if (now.Reader == PcscLite.PnpNotification)
                {
                    readersChanged |= now.Status != before.Status || now.EventCount != before.EventCount;
                    continue;
                }
                if (now.CardPresent && !before.CardPresent)
                {
                    Hand(context, now, onCard);
                }
                else if (!now.CardPresent && before.CardPresent)
                {
                    onRemoved(now.Reader);
                }
                if (now.Status.HasFlag(ReaderStatus.Unavailable) || now.Status.HasFlag(ReaderStatus.Unknown))
                {
                    readersChanged = true;
                }
            }
            states = readersChanged ? Watch(context, changed, onReaders) : changed;
        }
    }

    /// <summary>The readers to wait on (with the PnP pseudo-reader), keeping what is known of those still attached.</summary>
    private static IReadOnlyList<ReaderState> Watch(PcscContext context, IReadOnlyList<ReaderState> known, Action<IReadOnlyList<string>> onReaders)
    {
        var readers = context.Readers();
        onReaders(readers);
        var byName = known.ToDictionary(s => s.Reader, StringComparer.Ordinal);
        return [.. readers.Select(r => byName.TryGetValue(r, out var state) ? state : ReaderState.Unaware(r)),
            byName.TryGetValue(PcscLite.PnpNotification, out var pnp) ? pnp : ReaderState.Unaware(PcscLite.PnpNotification)];
    }

    private static void Hand(PcscContext context, ReaderState state, Action<string, PcscCard, byte[]> onCard)
    {
        PcscCard card;
        try
        {
            card = context.Connect(state.Reader);
        }
        catch (PcscException ex) when (ex.CardGone || ex.Error is PcscError.SharingViolation)
        {
            // Gone again before it could be read, or held by another program: the next arrival is tried afresh.
            return;
        }
        using (card)
        {
            onCard(state.Reader, card, state.Atr);
        }
    }
}
