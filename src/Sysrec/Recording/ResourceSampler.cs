using System.Globalization;
using Sysrec.IO;

namespace Sysrec.Recording;

/// <summary>
/// The rows of a LID-DS recording's <c>.res</c>, one each second while recording, over the recorded
/// processes (each added once it makes its first call), in LID-DS's columns:
/// <c>timestamp</c> Unix seconds; <c>cpu_usage</c> the percent of one CPU they used since the row before
/// (utime + stime of /proc/PID/stat); <c>memory_usage</c> their resident bytes (VmRSS of /proc/PID/status);
/// <c>network_received</c>, <c>network_send</c> the bytes their network namespaces' interfaces received
/// and sent since recording began (/proc/PID/net/dev, each namespace once); <c>storage_read</c>,
/// <c>storage_written</c> the bytes they read from and wrote to storage (read_bytes, write_bytes of
/// /proc/PID/io), a process that has exited keeping what it last had.
/// </summary>
internal sealed class ResourceSampler : IDisposable
{
    // USER_HZ: the unit of /proc's times, 100 on every Linux ABI.
    private const double TicksPerSecond = 100;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly List<int> _pids = [];
    private readonly Dictionary<int, ulong> _ticks = [];
    private readonly Dictionary<int, (ulong Read, ulong Written)> _storage = [];
    private readonly Dictionary<ulong, (ulong Received, ulong Sent)> _networkAtStart = [];
    private readonly Dictionary<ulong, (ulong Received, ulong Sent)> _network = [];
    private readonly List<string> _rows = [];
    private readonly Timer _timer;
    private DateTime _last = DateTime.UtcNow;

    public ResourceSampler() => _timer = new Timer(_ => Sample(), null, Interval, Interval);

    /// <summary>A process the recording recorded a call of: sampled from now on.</summary>
    public void Add(int pid)
    {
        lock (_lock)
        {
            _pids.Add(pid);
            if (Ticks(pid) is ulong ticks)
                _ticks[pid] = ticks;
            if (Network(pid) is (ulong ns, ulong received, ulong sent))
                _networkAtStart.TryAdd(ns, (received, sent));
        }
    }

    /// <summary>Stops sampling; the rows taken, oldest first.</summary>
    public IReadOnlyList<string> Stop()
    {
        using (var stopped = new ManualResetEvent(false))
        {
            if (_timer.Dispose(stopped))
                stopped.WaitOne();
        }
        lock (_lock)
            return [.. _rows];
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        lock (_lock)
        {
            DateTime now = DateTime.UtcNow;
            double seconds = Math.Max((now - _last).TotalSeconds, 1e-3);
            _last = now;
            ulong usedTicks = 0, memory = 0;
            var namespaces = new HashSet<ulong>();
            foreach (int pid in _pids.ToArray())
            {
                if (Ticks(pid) is not ulong ticks)
                {
                    // Gone: its storage counts stay, the rest went with it.
                    _pids.Remove(pid);
                    continue;
                }
                usedTicks += ticks - _ticks.GetValueOrDefault(pid, ticks);
                _ticks[pid] = ticks;
                memory += ResidentBytes(pid);
                if (Storage(pid) is { } storage)
                    _storage[pid] = storage;
                if (Network(pid) is (ulong ns, ulong received, ulong sent) && namespaces.Add(ns))
                    _network[ns] = (received, sent);
            }
            ulong receivedTotal = 0, sentTotal = 0;
            foreach ((ulong ns, (ulong received, ulong sent)) in _network)
            {
                (ulong Received, ulong Sent) start = _networkAtStart.GetValueOrDefault(ns);
                receivedTotal += received - Math.Min(received, start.Received);
                sentTotal += sent - Math.Min(sent, start.Sent);
            }
            ulong read = 0, written = 0;
            foreach ((ulong r, ulong w) in _storage.Values)
            {
                read += r;
                written += w;
            }
            double cpu = usedTicks / TicksPerSecond / seconds * 100;
            double unix = (now - DateTime.UnixEpoch).TotalSeconds;
            _rows.Add(string.Create(CultureInfo.InvariantCulture, $"{unix:0.000},{cpu:0.##},{memory},{receivedTotal},{sentTotal},{read},{written}"));
        }
    }

    private static string Proc(int pid, string file) => $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/{file}";

    // utime + stime, the 14th and 15th fields, counted after the comm's closing parenthesis (a comm may hold spaces).
    private static ulong? Ticks(int pid)
    {
        if (TransientFiles.ReadText(Proc(pid, "stat")) is not string stat)
            return null;
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 12 && ulong.TryParse(fields[11], out ulong user) && ulong.TryParse(fields[12], out ulong system) ? user + system : null;
    }

    private static ulong ResidentBytes(int pid)
    {
        foreach (string line in (TransientFiles.ReadText(Proc(pid, "status")) ?? "").Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)
                && ulong.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture, out ulong kib))
                return kib * 1024;
        }
        return 0;
    }

    private static (ulong Read, ulong Written)? Storage(int pid)
    {
        ulong? read = null, written = null;
        foreach (string line in (TransientFiles.ReadText(Proc(pid, "io")) ?? "").Split('\n'))
        {
            if (line.StartsWith("read_bytes: ", StringComparison.Ordinal))
                read = ulong.Parse(line.AsSpan(12), CultureInfo.InvariantCulture);
            else if (line.StartsWith("write_bytes: ", StringComparison.Ordinal))
                written = ulong.Parse(line.AsSpan(13), CultureInfo.InvariantCulture);
        }
        return read is ulong r && written is ulong w ? (r, w) : null;
    }

    // The process's network namespace (its inode) and what all its interfaces received and sent, in bytes.
    private static (ulong Namespace, ulong Received, ulong Sent)? Network(int pid)
    {
        string? link = TransientFiles.LinkTarget(Proc(pid, "ns/net"));
        // net:[4026531840]
        if (link is null || !ulong.TryParse(link.AsSpan(link.IndexOf('[') + 1).TrimEnd(']'), CultureInfo.InvariantCulture, out ulong ns)
            || TransientFiles.ReadText(Proc(pid, "net/dev")) is not string dev)
            return null;
        ulong received = 0, sent = 0;
        // Two header lines, then "iface: rx_bytes packets errs drop fifo frame compressed multicast tx_bytes ...".
        foreach (string line in dev.Split('\n').Skip(2))
        {
            int colon = line.IndexOf(':');
            if (colon < 0)
                continue;
            string[] fields = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 8 && ulong.TryParse(fields[0], out ulong rx) && ulong.TryParse(fields[8], out ulong tx))
            {
                received += rx;
                sent += tx;
            }
        }
        return (ns, received, sent);
    }
}
