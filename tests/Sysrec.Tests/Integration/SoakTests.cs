using System.Diagnostics;
using System.Globalization;

namespace Sysrec.Tests.Integration;

/// <summary>
/// Everything recorded while a fork storm and a syscall storm rage at once. `make test` runs it for 15 s
/// and holds the accounting to be exact; `make soak` runs it for ten minutes (SYSREC_SOAK_SECONDS) and
/// also holds the storm's speed and the recorder's memory to their limits, which a short run on a shared
/// machine cannot judge.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const long PeakLimit = 100 * ProcessMemory.MiB;
    // Room for the allocator's and the kernel's noise, far below what a per-record or per-task leak adds
    // over millions of records and tens of thousands of tasks.
    private const long GrowthLimit = 12 * ProcessMemory.MiB;
    private const int MinForksPerSecond = 1000;

    private static readonly string? s_soakSeconds = Environment.GetEnvironmentVariable("SYSREC_SOAK_SECONDS");

    private static int Seconds => int.Parse(s_soakSeconds ?? "15", CultureInfo.InvariantCulture);

    [Fact]
    public void UnderAForkAndSyscallStormMemoryStaysFlatAndEveryEventIsCounted()
    {
        Soak soak = RecordStorms(Seconds);

        Assert.True(soak.Forks > 0 && soak.ForkStormLines > 0, $"{soak.Forks} processes forked, {soak.ForkStormLines} lines of theirs in the trace: no fork storm");
        if (s_soakSeconds is null)
            return;
        Assert.True(soak.Forks >= (long)MinForksPerSecond * soak.Seconds, $"only {soak.Forks} processes forked in {soak.Seconds} s: no storm to speak of");
        Assert.True(soak.PeakResident < PeakLimit, $"peak resident memory {soak.PeakResident / ProcessMemory.MiB} MiB, the limit is {PeakLimit / ProcessMemory.MiB}. {soak.Memory}");
        // The first third settles the buffers; a leak shows as the last third standing above it.
        int third = Math.Max(1, soak.Resident.Count / 3);
        long growth = soak.Resident.TakeLast(third).Max() - soak.Resident.Take(third).Max();
        Assert.True(growth < GrowthLimit, $"resident memory grew {growth / ProcessMemory.MiB} MiB over the run. {soak.Memory}");
    }

    [Fact]
    public void WhatATinyRingBufferLosesIsCountedAsDropped()
    {
        // One page of ring buffer cannot keep up with a storm: losses are certain, and must all be owned up to.
        Soak soak = RecordStorms(seconds: 2, "--buffer-size", Environment.SystemPageSize.ToString());

        Assert.True(soak.Summary.Dropped > 0, $"nothing dropped through a ring buffer of one page: {soak.Stderr}");
    }

    private sealed record Soak(int Seconds, long Forks, long Calls, long ForkStormLines, RecorderSummary Summary, string Stderr,
        IReadOnlyList<long> Resident, long PeakResident)
    {
        public string Memory => $"VmRSS each sample, MiB: {string.Join(' ', Resident.Select(b => b / ProcessMemory.MiB))}; VmHWM {PeakResident / ProcessMemory.MiB} MiB";
    }

    /// <summary>
    /// Records '*' while both storms run for <paramref name="seconds"/>, checking every line and that each
    /// of the syscall storm's getppid calls is either in the trace or among the events the summary says were dropped.
    /// </summary>
    private Soak RecordStorms(int seconds, params string[] options)
    {
        using var dir = new TempDirectory();
        string trace = dir.File("trace.log");
        string forkStorm = Workloads.Build("storm.c", "sr_forkstorm");
        string syscallStorm = Workloads.Build("storm.c", "sr_syscallstorm");
        var resident = new List<long>();
        long peak, forks, calls;
        StormTally tally;
        CommandResult result;
        // Parts are checked and deleted as they fill, so a long soak needs no more disk than a short one.
        using (var recorder = RecorderProcess.Record(dir.Path, ["-q", "-o", trace, "--max-size", "64M", .. options, "*"]))
        {
            using (var forking = InteractiveWorkload.Start(forkStorm, "fork", $"{seconds}"))
            using (var calling = InteractiveWorkload.Start(syscallStorm, "syscall", $"{seconds}"))
            {
                // By pid, not name: another test run's soak may be storming at the same time.
                tally = new StormTally(trace, calling.Pid);
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
                {
                    Thread.Sleep(TimeSpan.FromSeconds(1));
                    resident.Add(ProcessMemory.Of(recorder.Id).Resident);
                    tally.CheckFinishedParts();
                }
                forks = long.Parse(forking.WaitForSuccess().Single());
                calls = long.Parse(calling.WaitForSuccess().Single());
            }
            peak = ProcessMemory.Of(recorder.Id).PeakResident;
            result = recorder.Stop();
        }
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Stderr}");
        RecorderSummary summary = RecorderSummary.Parse(result.Stderr);
        tally.CheckRemainingParts();

        var soak = new Soak(seconds, forks, calls, tally.ForkStormLines, summary, result.Stderr, resident, peak);
        // What a soak saw is worth reading even when it passes.
        output.WriteLine($"{seconds} s: {forks} forks, {calls} getppid calls; {tally.Lines} lines, {tally.ForkStormLines} of the fork storm, "
            + $"{tally.StormGetppidLines} of its getppid calls; {result.Stderr.Trim()}; {soak.Memory}");
        Assert.Equal(summary.Events, tally.Lines);
        if (summary.Dropped > 0)
            Assert.Contains($"warning: {summary.Dropped} events were lost", result.Stderr);
        Assert.True(tally.StormGetppidLines <= calls && calls - tally.StormGetppidLines <= summary.Dropped,
            $"the syscall storm made {calls} getppid calls, the trace has {tally.StormGetppidLines} and the summary owns up to {summary.Dropped} dropped");
        return soak;
    }

    /// <summary>Checks a rotating trace part by part as the recorder finishes each, counting lines and the storms' share.</summary>
    private sealed class StormTally(string trace, int syscallStormPid)
    {
        private int _checkedParts;

        public long Lines { get; private set; }

        public long ForkStormLines { get; private set; }

        public long StormGetppidLines { get; private set; }

        /// <summary>Every part but the newest is complete: the recorder only opens a part once the one before is full.</summary>
        public void CheckFinishedParts()
        {
            while (File.Exists(Part(_checkedParts + 1)))
                CheckAndDelete(Part(_checkedParts++));
        }

        /// <summary>After the recorder has stopped: the rest.</summary>
        public void CheckRemainingParts()
        {
            CheckFinishedParts();
            CheckAndDelete(Part(_checkedParts));
        }

        private string Part(int number) => number == 0 ? trace : $"{trace}.{number}";

        private void CheckAndDelete(string part)
        {
            long forks = 0, getppid = 0;
            Lines += RawTrace.Scan(part, (pid, abi, id, comm) =>
            {
                if (comm.SequenceEqual("sr_forkstorm"u8))
                    forks++;
                else if (pid == syscallStormPid && abi == TraceFile.NativeAbi && id == Nr.Getppid)
                    getppid++;
            });
            ForkStormLines += forks;
            StormGetppidLines += getppid;
            File.Delete(part);
        }
    }
}
