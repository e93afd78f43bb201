using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sysrec.Syscalls;
using Sysrec.Tests.Export;
using Sysrec.Tests.Splitting;
using Sysrec.Trace;
using Sysrec.Kernel;
using static Sysrec.Tests.Integration.StreamTests;

namespace Sysrec.Tests.Integration;

/// <summary>
/// What a recorder puts on a real nats-server's stream, read by the test's own decoder of the README's
/// layout, and what collect makes of it: every field of every record, in each file of the dataset.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class StreamFormatTests
{
    [Fact]
    public void ABatchIsTheReadmesLayoutPublishedOnTheDefaultSubjectUnderItsMessageId()
    {
        using var servers = NatsServers.Start(1);
        using var dir = new TempDirectory();
        CreateStream(servers.Url, dir.File("dataset"), replicas: 1);
        string workload = Workloads.Build("getppid_loop.c", "sr_layout");
        Assert.Equal(1_000_000_000, Stopwatch.Frequency);
        ulong startedAfter = RealtimeNs(), monotonicFrom = (ulong)Stopwatch.GetTimestamp();
        int pid;
        CommandResult result;
        // No --host and no --subject: the machine's name, on sysrec.HOST.
        using (var recorder = RecorderProcess.Record(dir.Path, "-q", "sr_layout", "--sink", servers.Url, "--exit", "--spool", dir.File("spool")))
        {
            pid = Workloads.RunToEnd(workload, "5000");
            result = recorder.Stop(RecorderProcess.SIGTERM);
        }
        ulong startedBefore = RealtimeNs(), monotonicTo = (ulong)Stopwatch.GetTimestamp();
        long published = AllPublished(result);

        string host = File.ReadAllText("/proc/sys/kernel/hostname").Trim().Split('.')[0];
        string bootId = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim().Replace("-", "");
        Assert.Contains($"sysrec: {published} records published to sysrec.{host} on {servers.Url},", result.Stderr);
        List<PublishedBatch> batches = PublishedBatch.ReadStream(servers.Url, StreamTests.Stream);
        ulong next = 0;
        foreach (PublishedBatch batch in batches)
        {
            Assert.Equal(($"sysrec.{host}", host, 48 + host.Length + 16, (byte)3, bootId, 128),
                (batch.Subject, batch.Host, batch.HeaderLength, batch.Flags, batch.BootId, batch.RecordLength));
            Assert.Equal(batch.HeaderLength + 128 * batch.Records.Count, batch.Length);
            Assert.InRange(batch.Records.Count, 1, 2048);
            Assert.Equal(next, batch.FirstSequence);
            Assert.InRange(batch.StartNs, startedAfter, startedBefore);
            Assert.Equal($"{bootId}-{batch.StartNs}-{batch.FirstSequence}", batch.MessageId);
            next += (ulong)batch.Records.Count;
        }
        Assert.Single(batches.Select(batch => batch.StartNs).Distinct());
        // The recorder's clocks, read together as it started, in every batch.
        (ulong? monotonic, ulong? realtime) = Assert.Single(batches.Select(batch => (batch.ClockMonotonicNs, batch.ClockRealtimeNs)).Distinct());
        Assert.InRange(monotonic!.Value, monotonicFrom, monotonicTo);
        Assert.InRange(realtime!.Value, startedAfter, startedBefore);
        Assert.Equal(published, (long)next);

        List<PublishedRecord> records = [.. batches.SelectMany(batch => batch.Records)];
        // The workload runs as this test, root, in this test's cgroup.
        Assert.All(records, r => Assert.Equal(((uint)pid, (uint)pid, "sr_layout", 0u, 0u, 0u, 0u, TestCgroup.IdOfProcess(Environment.ProcessId)),
            (r.Pid, r.Tid, r.Comm, r.Abi, r.Padding, r.Uid, r.Gid, r.CgroupId)));
        Assert.Equal([5000], MarkerBlocks.In([.. records.Select(r => r.Nr)]));
        Assert.True(records.Zip(records.Skip(1)).All(pair => pair.First.TsNs <= pair.Second.TsNs), "the records are not in the order they were made");
        Assert.InRange(records[0].TsNs, monotonicFrom, monotonicTo);
        Assert.InRange(records[^1].TsNs, monotonicFrom, monotonicTo);
        // What the kernel returned: the test host is the workload's parent; exit_group(0) never returns.
        long getppid = Number("getppid");
        Assert.All(records.Where(r => r.Nr == getppid), r => Assert.True(r.Ret == Environment.ProcessId && r.DurNs is > 0 and < SyscallRecord.NeverReturned,
            $"getppid returned {r.Ret} after {r.DurNs} ns"));
        Assert.Equal((Number("exit_group"), 0UL, SyscallRecord.NeverReturned), (records[^1].Nr, records[^1].Args[0], records[^1].DurNs));
    }

    [Fact]
    public void CollectWritesEveryFieldOfEveryPublishedRecordIntoEachFileOfTheDataset()
    {
        using var servers = NatsServers.Start(1);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        CreateStream(servers.Url, dataset, replicas: 1);
        File.WriteAllText(dir.File("decoy"), "0123456789\n");
        // Threads (tid apart from pid), failed calls (negative returns), a child, and i386 calls.
        string threads = Workloads.Build("threads_getppid.c", "sr_col_threads", "-pthread");
        string mix = Workloads.Build("returns_mix.c", "sr_col_mix");
        string i386 = Workloads.Build("int80_getpid.c", "sr_col_i386");
        CommandResult result;
        using (var recorder = RecordToStream(dir, servers.Url, "host-c", "sr_col_threads", "sr_col_mix", "sr_col_i386", "--exit"))
        {
            Workloads.RunToEnd(threads, "3", "700");
            Workloads.RunToEnd(mix, dir.File("decoy"));
            Workloads.RunToEnd(i386, "300");
            result = recorder.Stop(RecorderProcess.SIGTERM);
        }
        long published = AllPublished(result);
        List<PublishedBatch> batches = PublishedBatch.ReadStream(servers.Url, StreamTests.Stream);
        List<PublishedRecord> records = [.. batches.SelectMany(batch => batch.Records)];
        long offset = Assert.Single(batches.Select(batch => batch.ClockOffsetNs).Distinct());
        Assert.Equal(published, records.Count);
        Assert.Equal(300, records.Count(r => r.Abi == 1));
        Assert.Contains(records, r => r.Tid != r.Pid);
        Assert.Contains(records, r => r.Ret < 0);

        CommandResult collected = Collect(servers.Url, dataset);
        Assert.Equal(published, Count(CollectedPattern(), collected.Stderr));
        string hostDirectory = Path.Combine(dataset, "host-c");

        // The recorder's clocks first, as a recording made on the host starts with them, then the records.
        string jsonl = File.ReadAllText(Path.Combine(hostDirectory, "trace.jsonl"));
        Assert.Equal([(batches[0].ClockMonotonicNs!.Value, batches[0].ClockRealtimeNs!.Value)], JsonlTrace.Clocks(jsonl));
        Assert.Contains("\"event\":\"clock\"", jsonl.Split('\n')[0]);
        Assert.Equal(records.Select(Json), JsonlTrace.SyscallLines(Path.Combine(hostDirectory, "trace.jsonl")).Select(Parsed));
        Assert.Equal(records.Select(r => $"{r.Pid}:{Id(r)}:{r.Comm}"), File.ReadLines(Path.Combine(hostDirectory, "trace.log")));
        var processes = records.GroupBy(r => r.Pid).Select(calls => (File: $"{calls.First().Comm}:{calls.Key}.log", Calls: calls.ToList())).ToList();
        Assert.Equal(processes.Select(p => p.File).Concat(["manifest.csv", "trace.jsonl", "trace.log", "trace.parquet"]).Order(StringComparer.Ordinal),
            Directory.GetFiles(hostDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach ((string file, List<PublishedRecord> calls) in processes)
            Assert.Equal(string.Join(' ', calls.Select(Id)) + "\n", File.ReadAllText(Path.Combine(hostDirectory, file)));
        Assert.Equal(processes.Select(p => (p.File, p.Calls[0].Comm, p.Calls[0].Pid, (string?)null, (long)p.Calls.Count, (ulong?)p.Calls[0].TsNs, (ulong?)p.Calls[^1].TsNs)),
            ManifestCsv.Read(Path.Combine(hostDirectory, "manifest.csv")).Rows.Select(row =>
                (row.File, System.Text.Encoding.UTF8.GetString(row.Comm), row.Id, row.Executable is null ? null : System.Text.Encoding.UTF8.GetString(row.Executable), row.Calls, row.FirstTsNs, row.LastTsNs)));
        Assert.Equal(records.Select(r => Row(r) with { TimeUnixNs = (long)r.TsNs + offset }), ExportedRow.ReadWithHyparquet(Path.Combine(hostDirectory, "trace.parquet")).Rows);
    }

    private static long Number(string name)
    {
        Assert.True(SyscallTable.TryNumber(SyscallAbi.Native, name, out long number), $"the syscall table has no {name}");
        return number;
    }

    private static ulong RealtimeNs() => (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    private static string Abi(PublishedRecord r) => r.Abi == 1 ? "i386" : JsonLine.NativeAbi;

    private static string? Name(PublishedRecord r) => SyscallTable.Name(r.Abi == 1 ? SyscallAbi.I386 : SyscallAbi.Native, r.Nr);

    /// <summary>A syscall id as the text formats write it: <c>i386/N</c> for the i386 table.</summary>
    private static string Id(PublishedRecord r) => r.Abi == 1 ? $"i386/{r.Nr}" : r.Nr.ToString(CultureInfo.InvariantCulture);

    private static bool Returned(PublishedRecord r) => r.DurNs != SyscallRecord.NeverReturned;

    /// <summary>The JSON Lines object of a record recorded with --exit, keys in order, as text to compare.</summary>
    private static string Json(PublishedRecord r) =>
        // The batch carries the cgroup's id, not its path, which the collector cannot know.
        $"ts_ns={r.TsNs} pid={r.Pid} tid={r.Tid} comm={r.Comm} uid={r.Uid} gid={r.Gid} cgroup_id={r.CgroupId} cgroup=null abi={Abi(r)} nr={r.Nr} name={Name(r) ?? "null"} args=[{string.Join(',', r.Args)}] "
        + (Returned(r) ? $"ret={r.Ret} dur_ns={r.DurNs}" : "ret=null dur_ns=null");

    /// <summary>A line of collect's trace.jsonl, read with a general JSON parser, in <see cref="Json"/>'s form.</summary>
    private static string Parsed(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        return string.Join(' ', document.RootElement.EnumerateObject().Select(p => p.Value.ValueKind switch
        {
            JsonValueKind.Array => $"{p.Name}=[{string.Join(',', p.Value.EnumerateArray().Select(a => a.GetUInt64()))}]",
            JsonValueKind.Null => $"{p.Name}=null",
            _ => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}",
        }));
    }

    private static ExportedRow Row(PublishedRecord r) =>
        new((long)r.TsNs, r.Pid, r.Tid, r.Comm, Abi(r), r.Nr, Name(r), string.Join(',', r.Args.Select(a => (long)a)),
            Returned(r) ? r.Ret : null, Returned(r) ? (long)r.DurNs : null, Uid: r.Uid, Gid: r.Gid, CgroupId: (long)r.CgroupId);
}
