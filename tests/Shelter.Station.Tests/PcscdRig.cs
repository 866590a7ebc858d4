using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Shelter.Station.Pcsc;

namespace Shelter.Station.Tests;

/// <summary>
/// A private pcscd with one vpcd reader (two slots, each a port the virtual cards connect to), for tests through the
/// real PC/SC stack. It needs what <c>ops/pcsc-rig.sh</c> sets up, announced by <see cref="Variable"/> (pcscd's path):
/// mount and network namespaces of their own, with a tmpfs on <c>/run/pcscd</c> and only a loopback interface, so
/// vpcd's ports (it listens on every interface) are reachable from inside the namespace alone.
/// </summary>
public sealed class PcscdRig : IDisposable
{
    public const string Variable = "SHELTER_TEST_PCSCD";

    private readonly string _config = Directory.CreateTempSubdirectory("shelter-pcscd-").FullName;
    private readonly Process? _pcscd;

    public PcscdRig()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } pcscd)
        {
            return;
        }
        var port = FreePortPair();
        Slots = [new VpcdSlot(port), new VpcdSlot(port + 1)];
        File.WriteAllText(Path.Combine(_config, "vpcd"), $"""
            FRIENDLYNAME "Shelter Test PCD"
            DEVICENAME   /dev/null:0x{port:X4}
            LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
            CHANNELID    0x{port:X4}

            """);
        var start = new ProcessStartInfo(pcscd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // --debug --apdu logs every APDU, PINs in clear: test cards and test PINs only, and the log stays in this process's memory.
        foreach (var argument in new[] { "--foreground", "--debug", "--apdu", "--config", _config })
        {
            start.ArgumentList.Add(argument);
        }
        _pcscd = Process.Start(start)!;
        _pcscd.OutputDataReceived += (_, e) => Note(e.Data);
        _pcscd.ErrorDataReceived += (_, e) => Note(e.Data);
        _pcscd.BeginOutputReadLine();
        _pcscd.BeginErrorReadLine();
        Readers = WaitForReaders();
    }

    private readonly System.Text.StringBuilder _log = new();

    private void Note(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    /// <summary>
    /// The command APDUs pcscd passed to the cards so far, as hex without spaces, from its own log (the card's side of
    /// the story, not the station's); a VERIFY's PIN is blanked.
    /// </summary>
    public IReadOnlyList<string> CommandApdus()
    {
        string text;
        lock (_log)
        {
            text = _log.ToString();
        }
        var commands = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var at = line.IndexOf("APDU: ", StringComparison.Ordinal);
            if (at >= 0 && !line.Contains("SW: ", StringComparison.Ordinal))
            {
                var hex = line[(at + 6)..].Replace(" ", "", StringComparison.Ordinal).Trim();
                commands.Add(hex.StartsWith("0020008004", StringComparison.Ordinal) ? "0020008004********" : hex);
            }
        }
        return commands;
    }

    /// <summary>The two slots' card sides; empty without the rig.</summary>
    public VpcdSlot[] Slots { get; } = [];

    /// <summary>The slots' reader names as PC/SC lists them.</summary>
    public IReadOnlyList<string> Readers { get; } = [];

    private IReadOnlyList<string> WaitForReaders()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var context = PcscContext.Establish();
                var readers = context.Readers();
                if (readers.Count >= 2)
                {
                    return [.. readers.Order(StringComparer.Ordinal)];
                }
            }
            catch (PcscException ex) when (ex.Error is PcscError.NoService)
            {
            }
            if (DateTime.UtcNow > deadline || _pcscd!.HasExited)
            {
                lock (_log)
                {
                    throw new InvalidOperationException($"the private pcscd did not list its vpcd readers (exited: {_pcscd!.HasExited}):\n{_log}");
                }
            }
            Thread.Sleep(100);
        }
    }

    private static int FreePortPair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no two free loopback ports side by side");
    }

    public void Dispose()
    {
        if (_pcscd is { HasExited: false })
        {
            _pcscd.Kill();
            _pcscd.WaitForExit(5_000);
        }
        _pcscd?.Dispose();
        foreach (var slot in Slots)
        {
            slot.Dispose();
        }
        Directory.Delete(_config, recursive: true);
    }
}
