using NATS.Client.Core;
using NATS.Client.JetStream;
using static Sysrec.Tests.Integration.StreamTests;

namespace Sysrec.Tests.Integration;

/// <summary>
/// The streaming options on a real nats-server: what --spool-size lets go while the broker is away,
/// collect's --durable consumers, and a stream of --subjects of its own.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed partial class StreamOptionTests
{
    [Fact]
    public void PastTheSpoolSizeRecordsAreLostCountedAndTheFirstOnesKept()
    {
        using var servers = NatsServers.Start(1);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        CreateStream(servers.Url, dataset, replicas: 1);
        servers.Kill(0);
        string workload = Workloads.Build("getppid_loop.c", "sr_nats_lost");
        string spool = dir.File("host-l.spool");
        CommandResult first;
        int pid;
        // Some 150 batches and more, for a queue of 64 in memory and a spool of 1 MiB, which holds 4 full ones.
        using (var recorder = RecordToStream(dir, servers.Url, "host-l", "sr_nats_lost", "--spool-size", "1M"))
        {
            pid = Workloads.RunToEnd(workload, "300000");
            first = recorder.Stop(RecorderProcess.SIGTERM);
        }

        Assert.True(first.ExitCode == 0, first.Stderr);
        long recorded = Count(RecordedPattern(), first.Stderr);
        long kept = Count(KeptPattern(), first.Stderr);
        long lost = Count(LostPattern(), first.Stderr);
        Assert.Contains($"sysrec: 0 records published to sysrec.host-l on {servers.Url}, ", first.Stderr);
        Assert.Contains($", {lost} lost\n", first.Stderr);
        Assert.Contains($"sysrec: warning: {lost} records were lost because the spool {spool} was full. Raise --spool-size, or free some space", first.Stderr);
        Assert.Equal(recorded, kept + lost);
        // No more than the queue's 64 batches and what 1 MiB of spool holds, 112 bytes a record.
        const long SpoolRecords = (1 << 20) / 112;
        long spooled = Count(SpooledPattern(), first.Stderr);
        Assert.InRange(spooled, 1, SpoolRecords);
        Assert.InRange(kept, spooled, 64 * 2048 + spooled);

        // What the spool kept goes first in the next run, and nothing else: that run records nothing.
        servers.Restart(0);
        CommandResult second;
        using (var recorder = RecordToStream(dir, servers.Url, "host-l", "sr_nats_lost"))
            second = recorder.Stop(RecorderProcess.SIGTERM);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains($"{kept} records an earlier run left", second.Stderr);
        Assert.Contains($"sysrec: {kept} records published to sysrec.host-l on {servers.Url}, 0 of them went through the spool, 0 lost\n", second.Stderr);
        Assert.DoesNotContain("warning", second.Stderr);

        // The spool kept the recording's beginning: the queue's 64 batches and the spool's first ones, one
        // after another from record 0. Once it was full, only a batch small enough to fit in what was left
        // could follow, after a hole; collect counts the records of the holes it sees as missing.
        List<PublishedBatch> batches = PublishedBatch.ReadStream(servers.Url, StreamTests.Stream);
        Assert.Single(batches.Select(batch => batch.StartNs).Distinct());
        Assert.Equal(kept, batches.Sum(batch => (long)batch.Records.Count));
        Assert.Equal(0UL, batches[0].FirstSequence);
        int together = 1 + batches.Zip(batches.Skip(1)).TakeWhile(pair => pair.First.FirstSequence + (ulong)pair.First.Records.Count == pair.Second.FirstSequence).Count();
        Assert.True(together > 64, $"only the first {together} batches follow one another");
        Assert.True(batches.Zip(batches.Skip(1)).All(pair => pair.First.FirstSequence + (ulong)pair.First.Records.Count <= pair.Second.FirstSequence), "batches out of order");
        long end = (long)batches[^1].FirstSequence + batches[^1].Records.Count;
        Assert.InRange(end, kept, recorded);
        CommandResult collected = Collect(servers.Url, dataset);
        Assert.Equal(kept, Count(CollectedPattern(), collected.Stderr));
        Assert.Equal(end == kept ? "" : $"warning: {end - kept} records were no longer in {StreamTests.Stream} when the records after them came",
            MissingPattern().Match(collected.Stderr).Value);
        Assert.Equal(string.Join(' ', batches.SelectMany(batch => batch.Records).Select(r => r.Nr)) + "\n",
            File.ReadAllText(Path.Combine(dataset, "host-l", $"sr_nats_lost:{pid}.log")));
    }

    [Fact]
    public void EachDurableConsumerGoesOnFromWhereItLeftOff()
    {
        using var servers = NatsServers.Start(1);
        using var dir = new TempDirectory();
        CreateStream(servers.Url, dir.File("a"), replicas: 1);
        PublishNumbered(servers.Url, ["host-d"], batches: 3, perBatch: 100);

        Assert.Equal(300, Count(CollectedPattern(), CollectWith(servers.Url, dir.File("a"), "--durable", "first").Stderr));
        Assert.Equal(0, Count(CollectedPattern(), CollectWith(servers.Url, dir.File("a"), "--durable", "first").Stderr));
        // Another consumer has its own place in the stream, and so has the default one.
        Assert.Equal(300, Count(CollectedPattern(), CollectWith(servers.Url, dir.File("b"), "--durable", "second").Stderr));
        Assert.Equal(300, Count(CollectedPattern(), CollectWith(servers.Url, dir.File("c")).Stderr));
        Assert.Equal(["first", "second", "sysrec-collect"], Broker(servers.Url, async js =>
        {
            var names = new List<string>();
            await foreach (string name in js.ListConsumerNamesAsync(StreamTests.Stream))
                names.Add(name);
            return names.Order(StringComparer.Ordinal).ToList();
        }));
    }

    [Fact]
    public void AStreamOfItsOwnSubjectsTakesARecorderPublishingOnOne()
    {
        using var servers = NatsServers.Start(1);
        using var dir = new TempDirectory();
        string dataset = dir.File("dataset");
        CommandResult created = Run.Command(Repository.Sysrec,
            ["collect", "--from", servers.Url, "--stream", StreamTests.Stream, "--create-stream", "--subjects", "fleet.a.>,fleet.b.>", "--filter", "fleet.b.>", "-d", dataset]);
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Equal(["fleet.a.>", "fleet.b.>"], Broker(servers.Url, async js => (await js.GetStreamAsync(StreamTests.Stream)).Info.Config.Subjects!.ToList()));
        string workload = Workloads.Build("getppid_loop.c", "sr_nats_fleet");
        var blocks = new Dictionary<(string Host, string Comm, int Pid), int>();
        CommandResult result;
        using (var recorder = RecordToStream(dir, servers.Url, "host-f", "sr_nats_fleet", "--subject", "fleet.b.host-f"))
        {
            blocks[("host-f", "sr_nats_fleet", Workloads.RunToEnd(workload, "2500"))] = 2500;
            result = recorder.Stop(RecorderProcess.SIGTERM);
        }

        long published = AllPublished(result);
        Assert.Contains($"records published to fleet.b.host-f on {servers.Url}", result.Stderr);
        Assert.Equal(published, Count(CollectedPattern(), CollectWith(servers.Url, dataset, "--filter", "fleet.b.>").Stderr));
        AssertDataset(dataset, "host-f", published, blocks);
    }

    private static CommandResult CollectWith(string url, string dataset, params string[] options)
    {
        CommandResult collected = Run.Command(Repository.Sysrec, ["collect", "--from", url, "--stream", StreamTests.Stream, "-d", dataset, .. options]);
        Assert.True(collected.ExitCode == 0, collected.Stderr);
        return collected;
    }

    /// <summary>Asks the broker itself, with a client of the test's own.</summary>
    private static T Broker<T>(string url, Func<NatsJSContext, Task<T>> ask) => Task.Run(async () =>
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = url });
        return await ask(new NatsJSContext(connection));
    }).GetAwaiter().GetResult();

    [System.Text.RegularExpressions.GeneratedRegex(@"warning: (\d+) records could not be published")]
    private static partial System.Text.RegularExpressions.Regex KeptPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"warning: \d+ records were no longer in \w+ when the records after them came")]
    private static partial System.Text.RegularExpressions.Regex MissingPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"went through the spool, (\d+) lost")]
    private static partial System.Text.RegularExpressions.Regex LostPattern();
}
