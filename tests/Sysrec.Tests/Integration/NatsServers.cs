using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Sysrec.Tests.Integration;

/// <summary>
/// Real nats-server processes with JetStream on 127.0.0.1 (free ports, stores in a temporary directory): one
/// alone, or a cluster joined by routes. Every server is killed when this is disposed, and when the test
/// run ends whatever happened, so no test leaves one behind.
/// </summary>
internal sealed class NatsServers : IDisposable
{
    public const string Executable = "/usr/sbin/nats-server";

    private static readonly List<Process> s_running = [];

    private readonly TempDirectory _stores = new();
    private readonly int[] _clientPorts;
    private readonly int[] _routePorts;
    private readonly Process?[] _processes;
    private readonly string? _config;
    private readonly string _scheme;

    static NatsServers() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        lock (s_running)
            foreach (Process process in s_running)
                KillQuietly(process);
    };

    private NatsServers(int count, string? config, string scheme)
    {
        _config = config;
        _scheme = scheme;
        _clientPorts = FreePorts(count);
        _routePorts = count > 1 ? FreePorts(count) : [];
        _processes = new Process?[count];
    }

    /// <summary>Starts <paramref name="count"/> servers (more than one: a cluster) and waits until each takes connections.</summary>
    /// <param name="config">nats-server configuration besides the command line's (TLS, users), or null.</param>
    /// <param name="scheme">How clients are to reach them: nats, or tls when <paramref name="config"/> turns TLS on.</param>
    public static NatsServers Start(int count, string? config = null, string scheme = "nats")
    {
        var servers = new NatsServers(count, config, scheme);
        try
        {
            for (int i = 0; i < count; i++)
                servers.StartNode(i);
            return servers;
        }
        catch
        {
            servers.Dispose();
            throw;
        }
    }

    /// <summary>Every server's address, comma-separated, as the tools take it.</summary>
    public string Url => string.Join(',', _clientPorts.Select(port => $"{_scheme}://127.0.0.1:{port}"));

    public string UrlOf(int node) => $"{_scheme}://127.0.0.1:{_clientPorts[node]}";

    /// <summary>The first server's port, for an address of another form.</summary>
    public int Port => _clientPorts[0];

    /// <summary>The server process <paramref name="pid"/> is connected to, from its sockets and the kernel's TCP table.</summary>
    public int NodeServing(int pid)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var inodes = new HashSet<string>(Directory.EnumerateFiles($"/proc/{pid}/fd")
                .Select(fd => new FileInfo(fd).LinkTarget ?? "")
                .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
                .Select(target => target["socket:[".Length..^1]));
            // sl local_address rem_address st ... inode: the remote port is hex after the colon, 01 is ESTABLISHED.
            // .NET's sockets are dual-mode IPv6 ones, so an IPv4 connection may be in either table.
            IEnumerable<string> sockets = File.ReadLines("/proc/net/tcp").Skip(1).Concat(File.ReadLines("/proc/net/tcp6").Skip(1));
            foreach (string[] fields in sockets.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                if (fields[3] != "01" || !inodes.Contains(fields[9]))
                    continue;
                int node = Array.IndexOf(_clientPorts, Convert.ToInt32(fields[2].Split(':')[1], 16));
                if (node >= 0)
                    return node;
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(15))
                throw new TimeoutException($"process {pid} is connected to none of the servers");
            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Waits until the cluster's JetStream places a stream on every node: servers take connections before
    /// their routes are up and their peers known, when a stream of that many replicas has nowhere to go.
    /// </summary>
    /// <param name="caFile">The CA to check the servers' certificates against, when they take only TLS.</param>
    public void WaitForJetStream(string? caFile = null) => WithClient(caFile, async js =>
    {
        var probe = new StreamConfig("SYSREC_TEST_READY", ["sysrec-test-ready"]) { NumReplicas = _processes.Length };
        await js.CreateStreamAsync(probe);
        await js.DeleteStreamAsync(probe.Name!);
        return true;
    }, "the cluster's JetStream to place a stream on every node");

    /// <summary>Waits until <paramref name="stream"/> has a leader and every replica has caught up, after a node came and went.</summary>
    public void WaitForStream(string stream, string? caFile = null) => WithClient(caFile, async js =>
    {
        ClusterInfo? cluster = (await js.GetStreamAsync(stream)).Info.Cluster;
        return cluster?.Leader is not null && cluster.Replicas?.Count == _processes.Length - 1
            && cluster.Replicas.All(replica => replica.Current && !replica.Offline);
    }, $"stream {stream} to have a leader and every replica current");

    /// <summary>Asks the servers with a client of the test's own until <paramref name="ready"/> says yes, within the tests' bound.</summary>
    private void WithClient(string? caFile, Func<NatsJSContext, Task<bool>> ready, string what)
    {
        var opts = NatsOpts.Default with
        {
            Url = Url,
            RequestTimeout = TimeSpan.FromSeconds(2),
            TlsOpts = caFile is null ? NatsTlsOpts.Default : new NatsTlsOpts { CaFile = caFile, Mode = TlsMode.Require },
        };
        Task.Run(async () =>
        {
            await using var connection = new NatsConnection(opts);
            var js = new NatsJSContext(connection);
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    if (await ready(js))
                        return;
                }
                catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException)
                {
                }
                if (clock.Elapsed > Eventually.Bound)
                    Assert.Fail($"timed out after {clock.Elapsed.TotalSeconds:0.0} s waiting for {what}");
                await Task.Delay(100);
            }
        }).GetAwaiter().GetResult();
    }

    /// <summary>Kills a server outright (SIGKILL), as a crashing machine would go.</summary>
    public void Kill(int node)
    {
        Process process = _processes[node] ?? throw new InvalidOperationException($"node {node} is not running");
        KillQuietly(process);
        process.WaitForExit();
        Forget(process);
        _processes[node] = null;
    }

    /// <summary>Starts a killed server again on its port and its store.</summary>
    public void Restart(int node) => StartNode(node);

    public void Dispose()
    {
        for (int i = 0; i < _processes.Length; i++)
        {
            if (_processes[i] is { } process)
            {
                KillQuietly(process);
                process.WaitForExit();
                Forget(process);
                process.Dispose();
            }
        }
        _stores.Dispose();
    }

    private void StartNode(int node)
    {
        var arguments = new List<string>
        {
            "-a", "127.0.0.1", "-p", _clientPorts[node].ToString(), "-n", $"node{node}",
            "-js", "-sd", _stores.File($"node{node}"),
        };
        if (_config is not null)
        {
            string file = _stores.File($"node{node}.conf");
            File.WriteAllText(file, _config);
            arguments.AddRange(["-c", file]);
        }
        if (_routePorts.Length > 0)
        {
            arguments.AddRange(["--cluster_name", "sysrec-test", "--cluster", $"nats://127.0.0.1:{_routePorts[node]}",
                "--routes", string.Join(',', _routePorts.Where((_, i) => i != node).Select(port => $"nats://127.0.0.1:{port}"))]);
        }
        var process = new Process { StartInfo = new ProcessStartInfo(Executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true } };
        // What the server said, for the failure of a server that would not start (a configuration it refuses).
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, line) => said.Enqueue(line.Data ?? "");
        process.OutputDataReceived += (_, line) => said.Enqueue(line.Data ?? "");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (s_running)
            s_running.Add(process);
        _processes[node] = process;
        WaitForConnections(node, process, said);
    }

    private void WaitForConnections(int node, Process process, IEnumerable<string> said)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, _clientPorts[node]);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(15) && !process.HasExited)
            {
                Thread.Sleep(50);
            }
            catch (SocketException) when (process.HasExited)
            {
                process.WaitForExit();
                throw new InvalidOperationException($"nats-server exited at its start: {string.Join('\n', said)}");
            }
        }
    }

    private static int[] FreePorts(int count)
    {
        // All held open at once, so the same port is not handed out twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(listener => listener.Start());
        int[] ports = [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        listeners.ForEach(listener => listener.Stop());
        return ports;
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void Forget(Process process)
    {
        lock (s_running)
            s_running.Remove(process);
    }
}
