using NATS.Client.JetStream;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sysrec.Tests.Integration;

/// <summary>
/// record --sink and collect against real nats-server processes on loopback: a three-node JetStream cluster
/// losing a node mid-run, and a broker that is away while the recorder records.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed partial class StreamTests
{
    internal const string Stream = "SYSREC";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ClusterLosingANodeMidRunCollectsEveryPublishedRecordOnce(bool tls)
    {
        using var certificates = new TestCertificates();
        using var servers = tls ? NatsServers.Start(3, StreamSecurityTests.TlsConfig(certificates), "tls") : NatsServers.Start(3);
        string[] broker = tls ? ["--tls-ca", certificates.CaFile] : [];
        string? ca = tls ? certificates.CaFile : null;
        servers.WaitForJetStream(ca);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        CreateStream(servers.Url, dataset, replicas: 3, broker);
        string workloadA = Workloads.Build("getppid_loop.c", "sr_nats_a");
        string workloadB = Workloads.Build("getppid_loop.c", "sr_nats_b");
        var blocks = new Dictionary<(string Host, string Comm, int Pid), int>();
        CommandResult resultA, resultB;
        using (var recorderA = RecordToStream(dir, servers.Url, "host-a", "sr_nats_a", broker))
        using (var recorderB = RecordToStream(dir, servers.Url, "host-b", "sr_nats_b", broker))
        {
            // The node recorder A publishes through goes, so A must fail over and resend what was in flight.
            int killed = -1;
            for (int round = 0; round < 6; round++)
            {
                if (round == 2)
                    servers.Kill(killed = servers.NodeServing(recorderA.Id));
                if (round == 4)
                    servers.Restart(killed);
                int callsA = 20_000 + round, callsB = 30_000 + round;
                blocks[("host-a", "sr_nats_a", Workloads.RunToEnd(workloadA, callsA.ToString()))] = callsA;
                blocks[("host-b", "sr_nats_b", Workloads.RunToEnd(workloadB, callsB.ToString()))] = callsB;
                Thread.Sleep(300);
            }
            // The cluster heals (a leader, the restarted node caught up) in its own time, which a loaded machine stretches.
            servers.WaitForStream(Stream, ca);
            resultA = recorderA.Stop(RecorderProcess.SIGTERM);
            resultB = recorderB.Stop(RecorderProcess.SIGTERM);
        }

        long publishedA = AllPublished(resultA), publishedB = AllPublished(resultB);
        CommandResult collected = Collect(servers.Url, dataset, broker);
        Assert.Equal(publishedA + publishedB, Count(CollectedPattern(), collected.Stderr));
        Assert.Contains("0 duplicates skipped", collected.Stderr);
        AssertDataset(dataset, "host-a", publishedA, blocks);
        AssertDataset(dataset, "host-b", publishedB, blocks);

        // The durable consumer went on past what was kept: nothing comes twice.
        Assert.Equal(0, Count(CollectedPattern(), Collect(servers.Url, dataset, broker).Stderr));
        Assert.Equal(publishedA, File.ReadLines(Path.Combine(dataset, "host-a", "trace.log")).LongCount());
    }

    [Fact]
    public void BrokerAwayAtStartRecordsIntoTheSpoolAndCatchesUp()
    {
        using var servers = NatsServers.Start(1);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        CreateStream(servers.Url, dataset, replicas: 1);
        servers.Kill(0);
        string workload = Workloads.Build("getppid_loop.c", "sr_nats_spool");
        string spool = dir.File("host-s.spool");
        var blocks = new Dictionary<(string Host, string Comm, int Pid), int>();
        CommandResult result;
        using (var recorder = RecordToStream(dir, servers.Url, "host-s", "sr_nats_spool"))
        {
            // Far more batches than the queue in memory holds: the rest can only wait in the spool.
            blocks[("host-s", "sr_nats_spool", Workloads.RunToEnd(workload, "400000"))] = 400_000;
            WaitFor(() => File.Exists(spool) && new FileInfo(spool).Length > 1 << 20, "the spool to fill while the broker is away");
            servers.Restart(0);
            WaitFor(() => new FileInfo(spool).Length <= 16, "the recorder to empty the spool once the broker is back");
            blocks[("host-s", "sr_nats_spool", Workloads.RunToEnd(workload, "1000"))] = 1000;
            result = recorder.Stop(RecorderProcess.SIGTERM);
        }

        long published = AllPublished(result);
        Assert.True(Count(SpooledPattern(), result.Stderr) > 200_000, result.Stderr);
        Assert.False(File.Exists(spool), $"an empty spool is left behind: {result.Stderr}");
        Assert.Equal(published, Count(CollectedPattern(), Collect(servers.Url, dataset).Stderr));
        AssertDataset(dataset, "host-s", published, blocks);
    }

    [Fact]
    public void WhatCannotBePublishedAtTheEndIsKeptForTheNextRun()
    {
        using var servers = NatsServers.Start(1);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        CreateStream(servers.Url, dataset, replicas: 1);
        servers.Kill(0);
        string workload = Workloads.Build("getppid_loop.c", "sr_nats_keep");
        var blocks = new Dictionary<(string Host, string Comm, int Pid), int>();
        CommandResult first;
        var stopping = new System.Diagnostics.Stopwatch();
        using (var recorder = RecordToStream(dir, servers.Url, "host-k", "sr_nats_keep"))
        {
            blocks[("host-k", "sr_nats_keep", Workloads.RunToEnd(workload, "3000"))] = 3000;
            stopping.Start();
            first = recorder.Stop(RecorderProcess.SIGTERM);
            stopping.Stop();
        }
        // It tried the broker for the 5 s the README gives the end of a recording before it kept the rest.
        Assert.True(stopping.Elapsed >= TimeSpan.FromSeconds(5), $"the recorder gave up on the broker after {stopping.Elapsed.TotalSeconds:0.00} s");
        long recorded = Count(RecordedPattern(), first.Stderr);
        Assert.Equal(0, Count(PublishedPattern(), first.Stderr));
        Assert.Contains($"warning: {recorded} records could not be published", first.Stderr);
        Assert.Contains("host-k.spool", first.Stderr);

        servers.Restart(0);
        CommandResult second;
        using (var recorder = RecordToStream(dir, servers.Url, "host-k", "sr_nats_keep"))
        {
            blocks[("host-k", "sr_nats_keep", Workloads.RunToEnd(workload, "2000"))] = 2000;
            second = recorder.Stop(RecorderProcess.SIGTERM);
        }
        Assert.Contains($"{recorded} records an earlier run left", second.Stderr);
        long published = Count(PublishedPattern(), second.Stderr);
        Assert.Equal(recorded + Count(RecordedPattern(), second.Stderr), published);
        Assert.DoesNotContain("warning", second.Stderr);
        Assert.Equal(published, Count(CollectedPattern(), Collect(servers.Url, dataset).Stderr));
        AssertDataset(dataset, "host-k", published, blocks);
    }

    [Fact]
    public async Task ASpooledBatchTheStreamAlreadyHoldsCountsAsPublished()
    {
        using var servers = NatsServers.Start(1);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        CreateStream(servers.Url, dataset, replicas: 1);
        servers.Kill(0);
        string workload = Workloads.Build("getppid_loop.c", "sr_nats_dup");
        var blocks = new Dictionary<(string Host, string Comm, int Pid), int>();
        CommandResult first;
        using (var recorder = RecordToStream(dir, servers.Url, "host-u", "sr_nats_dup"))
        {
            blocks[("host-u", "sr_nats_dup", Workloads.RunToEnd(workload, "3000"))] = 3000;
            first = recorder.Stop(RecorderProcess.SIGTERM);
        }
        long recorded = Count(RecordedPattern(), first.Stderr);

        // The broker stored the spool's first batch, but its acknowledgement never came back (the recorder
        // died, a node failed over): the next run sends it again under the same id, and the broker says
        // it has it. Published with the id the README gives, read from the spool and the batch's header.
        servers.Restart(0);
        byte[] spool = File.ReadAllBytes(dir.File("host-u.spool"));
        Assert.Equal("SRSP"u8.ToArray(), spool[..4]);
        int offset = checked((int)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(spool.AsSpan(8)));
        int length = checked((int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(spool.AsSpan(offset)));
        byte[] stored = spool[(offset + 8)..(offset + 8 + length)];
        PublishedBatch header = PublishedBatch.Decode("", null, stored);
        await using (var connection = new NATS.Client.Core.NatsConnection(NATS.Client.Core.NatsOpts.Default with { Url = servers.Url }))
        {
            (await new NatsJSContext(connection).PublishAsync("sysrec.host-u", stored, NATS.Client.Core.NatsRawSerializer<byte[]>.Default,
                new NatsJSPubOpts { MsgId = $"{header.BootId}-{header.StartNs}-{header.FirstSequence}" },
                cancellationToken: TestContext.Current.CancellationToken)).EnsureSuccess();
        }

        CommandResult second;
        using (var recorder = RecordToStream(dir, servers.Url, "host-u", "sr_nats_dup"))
            second = recorder.Stop(RecorderProcess.SIGTERM);

        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.True(second.Stderr.Contains($"sysrec: {recorded} records published to sysrec.host-u on {servers.Url}, 0 of them went through the spool, 0 lost\n")
            && !second.Stderr.Contains("warning"), second.Stderr);
        Assert.False(File.Exists(dir.File("host-u.spool")), $"a spool is left behind: {second.Stderr}");
        CommandResult collected = Collect(servers.Url, dataset);
        Assert.Equal(recorded, Count(CollectedPattern(), collected.Stderr));
        Assert.Contains(", 0 duplicates skipped", collected.Stderr);
        AssertDataset(dataset, "host-u", recorded, blocks);
    }

    [Fact]
    public void ABrokerBackWithinFiveSecondsOfTheStopTakesEverythingLeft()
    {
        using var servers = NatsServers.Start(1);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        CreateStream(servers.Url, dataset, replicas: 1);
        servers.Kill(0);
        string workload = Workloads.Build("getppid_loop.c", "sr_nats_grace");
        var blocks = new Dictionary<(string Host, string Comm, int Pid), int>();
        CommandResult result;
        using (var recorder = RecordToStream(dir, servers.Url, "host-g", "sr_nats_grace"))
        {
            blocks[("host-g", "sr_nats_grace", Workloads.RunToEnd(workload, "3000"))] = 3000;
            // Stopped while the broker is away, which comes back a second later: everything recorded is still
            // to publish then, and the recorder still there to publish it.
            Assert.Equal(0, RecorderProcess.Kill(recorder.Id, RecorderProcess.SIGTERM));
            Thread.Sleep(TimeSpan.FromSeconds(1));
            Assert.False(recorder.HasExited, "the recorder did not wait for the broker after the stop");
            servers.Restart(0);
            result = recorder.WaitForExit(Eventually.Bound);
        }

        long published = AllPublished(result);
        Assert.False(File.Exists(dir.File("host-g.spool")), $"a spool is left behind: {result.Stderr}");
        Assert.Equal(published, Count(CollectedPattern(), Collect(servers.Url, dataset).Stderr));
        AssertDataset(dataset, "host-g", published, blocks);
    }

    [Fact]
    public void ACollectKilledMidwayLeavesTheNextOneEveryRecordOnceInOrder()
    {
        using var servers = NatsServers.Start(1);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        CreateStream(servers.Url, dataset, replicas: 1);
        const int Batches = 150, PerBatch = 2048;
        PublishNumbered(servers.Url, ["host-1", "host-2"], Batches, PerBatch);

        // Killed once it has kept some chunks, with more delivered to it and not yet acknowledged: the broker
        // gives those to the next collect after the batches that follow them, and it must put them back in order.
        var killed = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Repository.Sysrec,
            ["collect", "--from", servers.Url, "--stream", Stream, "-d", dataset]) { RedirectStandardError = true })!;
        WaitFor(() => File.ReadAllText(Path.Combine(dataset, ".sysrec-collect")).Contains("recorder "), "the first collect to keep a chunk");
        killed.Kill();
        killed.WaitForExit();
        CommandResult second = Collect(servers.Url, dataset);

        Assert.DoesNotContain("warning", second.Stderr);
        long left = Count(CollectedPattern(), second.Stderr);
        Assert.True(left > 0 && left < 2L * Batches * PerBatch, $"the first collect was not killed midway: {second.Stderr}");
        foreach (string host in new[] { "host-1", "host-2" })
        {
            IEnumerable<ulong> times = JsonlTrace.SyscallLines(Path.Combine(dataset, host, "trace.jsonl"))
                .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("ts_ns").GetUInt64());
            Assert.Equal(Enumerable.Range(0, Batches * PerBatch).Select(i => (ulong)i), times);
        }
    }

    [Fact]
    public void ACollectOfManyHostsAndProcessesIsNotStoppedByALowOpenFileLimit()
    {
        using var servers = NatsServers.Start(1);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        CreateStream(servers.Url, dataset, replicas: 1);
        string[] hosts = ["host-1", "host-2", "host-3"];
        PublishNumbered(servers.Url, hosts, batches: 2, perBatch: 400, processes: 40);

        // Under systemd a service's soft limit is 1,024 files; here, 100 for 3 hosts of 40 processes.
        CommandResult collected = Run.Command("bash", ["-c", $"ulimit -Sn 100 && exec {Repository.Sysrec} collect --from {servers.Url} --stream {Stream} -d {dataset}"]);

        Assert.True(collected.ExitCode == 0, collected.Stderr);
        foreach (string host in hosts)
            Assert.Equal(40, Directory.EnumerateFiles(Path.Combine(dataset, host), "*:*.log").Count());
    }

    /// <summary>Publishes, as each host's recorder would, batches of records whose times are their sequence numbers.</summary>
    internal static void PublishNumbered(string url, string[] hosts, int batches, int perBatch, int processes = 1)
    {
        Task.Run(async () =>
        {
            await using var connection = new NATS.Client.Core.NatsConnection(NATS.Client.Core.NatsOpts.Default with { Url = url });
            var js = new NATS.Client.JetStream.NatsJSContext(connection);
            foreach (string host in hosts)
            {
                var recorder = new Sysrec.Streaming.RecorderId(host, Guid.NewGuid(), 1);
                int header = Sysrec.Streaming.RecordBatch.HeaderLength(host);
                byte[] batch = new byte[header + perBatch * Sysrec.Streaming.RecordBatch.RecordLength];
                for (int b = 0; b < batches; b++)
                {
                    for (int i = 0; i < perBatch; i++)
                    {
                        uint pid = (uint)(7 + i % processes);
                        var record = new Sysrec.Kernel.SyscallRecord { TimestampNs = (ulong)(b * perBatch + i), Pid = pid, Tid = pid, SyscallId = 39 };
                        Sysrec.Streaming.RecordBatch.WriteRecord(batch.AsSpan(header + i * Sysrec.Streaming.RecordBatch.RecordLength), record, Sysrec.Streaming.RecordBatch.ArgsFlag);
                    }
                    Sysrec.Streaming.RecordBatch.WriteHeader(batch, recorder, new Sysrec.Streaming.RecorderClocks(1, 2), Sysrec.Streaming.RecordBatch.ArgsFlag, (ulong)(b * perBatch), perBatch, System.Text.Encoding.ASCII.GetBytes(host));
                    (await js.PublishAsync($"sysrec.{host}", batch, NATS.Client.Core.NatsRawSerializer<byte[]>.Default)).EnsureSuccess();
                }
            }
        }).GetAwaiter().GetResult();
    }

    /// <param name="broker">TLS and credential options.</param>
    internal static RecorderProcess RecordToStream(TempDirectory dir, string url, string host, string program, params string[] broker) =>
        RecorderProcess.Record(dir.Path, ["-q", program, "--sink", url, "--host", host, "--spool", dir.File($"{host}.spool"), .. broker]);

    internal static void CreateStream(string url, string dataset, int replicas, params string[] broker)
    {
        CommandResult created = Run.Command(Repository.Sysrec,
            ["collect", "--from", url, "--stream", Stream, "--create-stream", "--replicas", replicas.ToString(), "-d", dataset, .. broker]);
        Assert.True(created.ExitCode == 0, created.Stderr);
    }

    internal static CommandResult Collect(string url, string dataset, params string[] broker)
    {
        CommandResult collected = Run.Command(Repository.Sysrec, ["collect", "--from", url, "--stream", Stream, "-d", dataset, .. broker]);
        Assert.True(collected.ExitCode == 0, collected.Stderr);
        return collected;
    }

    /// <summary>The records a recorder published, checked to be every one it recorded, none lost or left over.</summary>
    internal static long AllPublished(CommandResult result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr);
        long published = Count(PublishedPattern(), result.Stderr);
        Assert.True(Count(RecordedPattern(), result.Stderr) == published, result.Stderr);
        Assert.Contains(", 0 lost", result.Stderr);
        Assert.DoesNotContain("warning", result.Stderr);
        return published;
    }

    /// <summary>
    /// A host's part of the dataset: its recording holds exactly the records published, each once, and each
    /// workload's file holds its marker block whole, so no call was lost, repeated or put out of order.
    /// </summary>
    internal static void AssertDataset(string dataset, string host, long published, Dictionary<(string Host, string Comm, int Pid), int> blocks)
    {
        string hostDirectory = Path.Combine(dataset, host);
        Assert.Equal(published, File.ReadLines(Path.Combine(hostDirectory, "trace.log")).LongCount());
        var calls = JsonlTrace.SyscallLines(Path.Combine(hostDirectory, "trace.jsonl")).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            return (json.RootElement.GetProperty("tid").GetInt64(), json.RootElement.GetProperty("ts_ns").GetUInt64());
        }).ToList();
        Assert.Equal(published, calls.Count);
        Assert.Equal(calls.Count, calls.Distinct().Count());
        foreach (((string blockHost, string comm, int pid), int n) in blocks.Where(entry => entry.Key.Host == host))
        {
            string file = Path.Combine(hostDirectory, $"{comm}:{pid}.log");
            List<long> ids = [.. File.ReadAllText(file).Split(' ', StringSplitOptions.TrimEntries).Select(long.Parse)];
            Assert.Equal([n], MarkerBlocks.In(ids));
        }
    }

    internal static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }

    internal static long Count(Regex pattern, string text)
    {
        Match match = pattern.Match(text);
        Assert.True(match.Success, $"no '{pattern}' in: {text}");
        return long.Parse(match.Groups[1].Value);
    }

    [GeneratedRegex(@"sysrec: (\d+) events recorded")]
    internal static partial Regex RecordedPattern();

    [GeneratedRegex(@"sysrec: (\d+) records published")]
    internal static partial Regex PublishedPattern();

    [GeneratedRegex(@"(\d+) of them went through the spool")]
    internal static partial Regex SpooledPattern();

    [GeneratedRegex(@"sysrec: (\d+) records collected")]
    internal static partial Regex CollectedPattern();
}
