using System.Security.Cryptography;
using Shelter.Credentials;

namespace Shelter.Station.Screen;

/// <summary>
/// Who may drive the screen: whoever opens the start link, which holds a code made at each start and good once. The
/// link is written to a file only the station's user can read (<c>screen-url</c> in the data folder), never logged;
/// once used it is replaced by a fresh one, so a link seen later (a kiosk browser's command line in the process list)
/// opens nothing. Opening it gives the browser a session cookie (HttpOnly, SameSite=Strict).
/// </summary>
public sealed class ScreenSessions(string linkFile)
{
    public const string CookieName = "station-session";

    /// <summary>A kiosk browser, a second tab, a restart of the browser: a few at once, the oldest dropped.</summary>
    private const int MaxSessions = 4;

    private readonly Lock _gate = new();
    private readonly LinkedList<string> _sessions = new();
    private string _code = NewSecret();
    private string _origin = "http://127.0.0.1";

    public string LinkFile { get; } = linkFile;

    /// <summary>Writes the first link once the port is known.</summary>
    public void Start(int port)
    {
        lock (_gate)
        {
            _origin = $"http://127.0.0.1:{port}";
            WriteLink();
        }
    }

    /// <summary>Exchanges the start code for a new session; null when the code is not the current one.</summary>
    public string? Open(string? code)
    {
        lock (_gate)
        {
            if (code is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(code), System.Text.Encoding.ASCII.GetBytes(_code)))
            {
                return null;
            }
            var session = NewSecret();
            _sessions.AddFirst(session);
            while (_sessions.Count > MaxSessions)
            {
                _sessions.RemoveLast();
            }
            _code = NewSecret();
            WriteLink();
            return session;
        }
    }

    public bool IsValid(string? session)
    {
        if (string.IsNullOrEmpty(session))
        {
            return false;
        }
        lock (_gate)
        {
            return _sessions.Any(s => CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(s), System.Text.Encoding.ASCII.GetBytes(session)));
        }
    }

    private void WriteLink() => OwnerOnlyFile.Write(LinkFile, $"{_origin}/start?code={_code}{Environment.NewLine}");

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
