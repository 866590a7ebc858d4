using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Shelter.Cluster.Tests;

/// <summary>One Shelter node as its own OS process, so that it can be killed hard (no leave, no shutdown hooks).</summary>
public sealed class ClusterNode : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _log = new();

    private ClusterNode(int index, Process process, int httpPort, int remotingPort)
    {
        Index = index;
        _process = process;
        Url = new Uri($"http://127.0.0.1:{httpPort}");
        RemotingPort = remotingPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Index { get; }

    public Uri Url { get; }

    public int RemotingPort { get; }

    public bool Alive => !_process.HasExited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Set to a folder, every node's whole log is written there when the node is disposed.</summary>
    public const string LogFolderVariable = "SHELTER_TEST_NODE_LOGS";

    /// <summary>
    /// Akka's own messages are logged from Information up (membership, singletons, coordinators: what a failure needs to
    /// be understood); set to a level (Warning, Debug) to change that.
    /// </summary>
    public const string LogLevelVariable = "SHELTER_TEST_AKKA_LOG_LEVEL";

    /// <summary>The server-nonce key every node of a test cluster shares (made per test run).</summary>
    private static readonly string ClusterNonceKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The privacy key every node of a test cluster shares, so each knows a credential by the same pseudonym.</summary>
    private static readonly string ClusterPrivacyKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Writes the development CA's root into <paramref name="folder"/> for the nodes to trust; its path.</summary>
    public static async Task<string> TrustAnchorFile(Shelter.Credentials.DevPki.DevCertificateAuthority ca, string folder)
    {
        var file = Path.Combine(folder, "ca.crt");
        await File.WriteAllBytesAsync(file, ca.CertificateDer);
        return file;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A cluster node on PostgreSQL; every node of the cluster is a seed, in the same order on each.</summary>
    public static ClusterNode Start(int index, int remotingPort, int[] seedPorts, string dataDirectory, string connectionString, string trustAnchor, string adminToken) =>
        Start(index, remotingPort, dataDirectory, trustAnchor, adminToken,
        [
            "--Shelter:Akka:Provider=PostgreSql",
            $"--Shelter:Akka:ConnectionString={connectionString}",
            $"--Shelter:Akka:Port={remotingPort}",
            $"--Shelter:ServerNonceKey={ClusterNonceKey}",
            $"--Shelter:Privacy:Key={ClusterPrivacyKey}",
            .. seedPorts.Select((port, i) => $"--Shelter:Akka:SeedNodes:{i}=akka.tcp://shelter@127.0.0.1:{port}"),
        ]);

    /// <summary>
    /// <paramref name="count"/> nodes on one PostgreSQL database, each a seed, in folders <c>node0</c>… of
    /// <paramref name="folder"/>, started one after the other and returned once every one is healthy.
    /// </summary>
    public static async Task<List<ClusterNode>> StartCluster(int count, string folder, string connectionString, string trustAnchor, string adminToken,
        HttpClient http)
    {
        var remoting = Enumerable.Range(0, count).Select(_ => FreePort()).ToArray();
        var nodes = new List<ClusterNode>();
        for (var i = 0; i < count; i++)
        {
            nodes.Add(Start(i, remoting[i], remoting, Path.Combine(folder, $"node{i}"), connectionString, trustAnchor, adminToken));
        }
        foreach (var node in nodes)
        {
            await http.WaitHealthy(node);
        }
        return nodes;
    }

    /// <summary>A single node on its embedded SQLite journal in <paramref name="dataDirectory"/>.</summary>
    public static ClusterNode StartSqlite(string dataDirectory, string trustAnchor, string adminToken) =>
        Start(0, 0, dataDirectory, trustAnchor, adminToken, []);

    private static ClusterNode Start(int index, int remotingPort, string dataDirectory, string trustAnchor, string adminToken, string[] journal)
    {
        var httpPort = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "Shelter.Host.dll"),
            "--urls", $"http://127.0.0.1:{httpPort}",
            $"--Shelter:DataDirectory={dataDirectory}",
            $"--Shelter:AdminToken={adminToken}",
            "--Shelter:Credentials:AllowTestRoots=true",
            $"--Shelter:Credentials:TrustAnchors:0={trustAnchor}",
            .. journal,
            "--Shelter:Akka:QueryRefreshInterval=00:00:00.100",
            // These tests stand in for many readers with one token and single-tap requests; the per-token limit is
            // tested on its own (Shelter.Host.Tests), here it would only slow the burst down.
            "--Shelter:Access:ReaderRequestsPerSecond=100000",
            "--Shelter:Access:ReaderBurst=100000",
            "--Logging:LogLevel:Default=Warning",
            $"--Logging:LogLevel:Akka={Environment.GetEnvironmentVariable(LogLevelVariable) ?? "Information"}",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return new ClusterNode(index, Process.Start(start)!, httpPort, remotingPort);
    }

    /// <summary>SIGKILL: the node gets no chance to leave the cluster or flush anything.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as a supervisor or <c>docker stop</c> sends it: the node stops gracefully.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the process to end; its exit code, or null if it did not end in time.</summary>
    public async Task<int?> Exited(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.WriteLine($"[node {Index}] {line}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        if (Environment.GetEnvironmentVariable(LogFolderVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"node{Index}-{_process.Id}.log"), Log);
        }
        _process.Dispose();
    }
}
