namespace Shelter.Station.Screen;

/// <summary>
/// The PIN pad on the volunteer's screen, turned towards the evacuee: the card's reading waits here (on the reader's
/// thread) until the page sends the 4 digits, the person cancels, or the time runs out. The PIN is held for that one
/// hand-over and never stored, logged or shown.
/// </summary>
public sealed class ScreenPinPad(StationScreen screen, TimeSpan timeout) : IPinPad
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<string?>? _asking;

    /// <summary>Whether the pad is waiting for digits now.</summary>
    public bool Asking
    {
        get
        {
            lock (_gate)
            {
                return _asking is not null;
            }
        }
    }

    public string? AskPin(int? triesLeft, CancellationToken cancel, string purpose = IPinPad.JpkiPurpose)
    {
        var asking = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _asking?.TrySetResult(null);
            _asking = asking;
        }
        screen.Pin(new ScreenPin(triesLeft, triesLeft == 1, purpose));
        try
        {
            return asking.Task.WaitAsync(timeout, cancel).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return null;
        }
        finally
        {
            lock (_gate)
            {
                if (_asking == asking)
                {
                    _asking = null;
                }
            }
            screen.Pin(null);
        }
    }

    /// <summary>The digits from the page; false when no PIN is being asked for.</summary>
    public bool Enter(string pin) => Hand(pin);

    /// <summary>The person pressed cancel; false when no PIN is being asked for.</summary>
    public bool Cancel() => Hand(null);

    private bool Hand(string? pin)
    {
        lock (_gate)
        {
            if (_asking is not { } asking)
            {
                return false;
            }
            _asking = null;
            return asking.TrySetResult(pin);
        }
    }

    /// <summary>A user-certificate PIN: exactly 4 ASCII digits.</summary>
    public static bool IsWellFormed(string? pin) => pin is { Length: 4 } && pin.All(char.IsAsciiDigit);
}
