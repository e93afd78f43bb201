using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Export;

/// <summary>
/// `sysrec record/run --lidds DIR/NAME`: a LID-DS 2021 recording made live, its lines rendered from the
/// decoded calls as sysdig renders them, its resource rows sampled each second, its capture taken by
/// tcpdump, and exploits marked meanwhile with `sysrec mark exploit`.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed partial class LiddsLiveRecordingTests
{
    [Fact]
    public void EveryKindOfParameterIsWrittenAsSysdigWritesIt()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("lidds_params.c", "sr_lidds_params");
        Directory.CreateDirectory(dir.File("work"));
        string work = dir.File("work");
        Directory.CreateDirectory(dir.File("out"));
        double before = UnixSeconds();

        CommandResult result = Run.Command(Repository.Sysrec, ["run", "-q", "--lidds", "out/p", "-s", "256", "--", "/bin/sh", "-c", $"exec {workload} {work}"], dir.Path);

        double after = UnixSeconds();
        Assert.True(result.ExitCode == 0, result.Stderr);
        using ZipArchive zip = ZipFile.OpenRead(dir.File("out/p.zip"));
        Assert.Equal(["p.json", "p.pcap", "p.res", "p.sc"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        string[] lines = Read(zip, "p.sc").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[][] fields = [.. lines.Select(line => line.Split(' ', 8))];
        // Unix-epoch nanoseconds in time order; the uid the kernel gave (the workload runs as root).
        ulong[] times = [.. fields.Select(f => ulong.Parse(f[0], CultureInfo.InvariantCulture))];
        Assert.All(times, t => Assert.InRange(t / 1e9, before, after));
        Assert.Equal(times.Order(), times);
        Assert.All(fields, f => Assert.Equal("0", f[1]));
        // The exec's exit line is the new program's: its comm, as sysdig's thread table has it by then.
        int exec = Array.FindIndex(fields, f => f[5] == "execve" && f[6] == ">" && f[7] == $"filename={workload}");
        Assert.Equal("sh", fields[exec][3]);
        string[] execExit = fields.Skip(exec + 1).First(f => f[5] == "execve" && f[6] == "<");
        Assert.Equal("sr_lidds_params", execExit[3]);
        Assert.Matches($@"^res=0 exe={Regex.Escape(workload)} tid=\d+ pid=\d+ cwd={Regex.Escape(dir.Path)} comm=sr_lidds_params$", execExit[7]);
        // The workload's own calls from its chdir on, ports left out (the kernel chose them).
        string[] own = [.. lines.SkipWhile(line => !line.EndsWith(" chdir >", StringComparison.Ordinal))
            .Select(line => Ports().Replace(string.Join(' ', line.Split(' ')[5..]), "127.0.0.1:P"))];
        // The fds after 9 depend on what the test's host leaves open in the command.
        string accepted = Fd().Match(own.First(line => line.StartsWith("accept < ", StringComparison.Ordinal))).Groups[1].Value;
        string udp = Fd().Match(own.Last(line => line.StartsWith("socket < ", StringComparison.Ordinal))).Groups[1].Value;
        string[] expected =
        [
            "chdir >", "chdir < res=0",
            "openat >", $"openat < fd=3(<f>{work}/data.txt) dirfd=-100(AT_FDCWD) name=data.txt({work}/data.txt) flags=4358(O_TRUNC|O_CREAT|O_WRONLY|O_CLOEXEC) mode=0640",
            $"write > fd=3(<f>{work}/data.txt) size=12", "write < res=12 data=aGVsbG8gbGlkZHMK",
            $"close > fd=3(<f>{work}/data.txt)", "close < res=0",
            // sysdig's driver of 2021 counts O_DIRECTORY as a bit of O_TMPFILE.
            "openat >", $"openat < fd=3(<d>{work}) dirfd=-100(AT_FDCWD) name=.({work}) flags=9217(O_DIRECTORY|O_RDONLY|O_TMPFILE) mode=0",
            "openat >", $"openat < fd=4(<f>{work}/data.txt) dirfd=3(<d>{work}) name=data.txt({work}/data.txt) flags=1(O_RDONLY) mode=0",
            $"read > fd=4(<f>{work}/data.txt) size=64", "read < res=12 data=aGVsbG8gbGlkZHMK",
            $"close > fd=4(<f>{work}/data.txt)", "close < res=0", $"close > fd=3(<d>{work})", "close < res=0",
            "openat >", $"openat < fd=-2(ENOENT) dirfd=-100(AT_FDCWD) name=missing({work}/missing) flags=1(O_RDONLY) mode=0",
            "pipe >", "pipe < res=0 fd1=3(<p>) fd2=4(<p>)", "write > fd=4(<p>) size=1", "write < res=1 data=eA==",
            "eventfd > initval=0", "eventfd < res=5(<e>)", "write > fd=5(<e>) size=8", "write < res=8 data=AQAAAAAAAAA=",
            "signalfd > fd=-1", "signalfd < res=6(<s>)", "close > fd=6(<s>)", "close < res=0",
            "epoll_create1 >", "epoll_create1 <", "close > fd=6(<l>)", "close < res=0",
            "inotify_init >", "inotify_init < res=6(<i>)", "close > fd=6(<i>)", "close < res=0",
            "timerfd_create > clockid=1", "timerfd_create < res=6(<t>)", "close > fd=6(<t>)", "close < res=0",
            "socketpair > domain=1(AF_LOCAL) type=1 proto=0", "socketpair < res=0 fd1=6(<u>) fd2=7(<u>)",
            "write > fd=6(<u>) size=1", "write < res=1 data=dQ==",
            "socket > domain=2(AF_INET) type=1 proto=0", "socket < fd=8(<4t>)",
            "bind > fd=8(<4t>)", "bind < res=0",
            "listen > fd=8(<4t>127.0.0.1:P) backlog=1", "listen < res=0",
            "getsockname >", "getsockname <",
            "socket > domain=2(AF_INET) type=1 proto=0", "socket < fd=9(<4t>)",
            "connect > fd=9(<4t>)", "connect < res=0 tuple=127.0.0.1:P->127.0.0.1:P",
            "accept >", $"accept < fd={accepted}(<4t>127.0.0.1:P->127.0.0.1:P) tuple=127.0.0.1:P->127.0.0.1:P",
            "write > fd=9(<4t>127.0.0.1:P->127.0.0.1:P) size=4", "write < res=4 data=cGluZw==",
            $"read > fd={accepted}(<4t>127.0.0.1:P->127.0.0.1:P) size=4", "read < res=4 data=cGluZw==",
            "socket > domain=2(AF_INET) type=2 proto=0", $"socket < fd={udp}(<4u>)",
            $"connect > fd={udp}(<4u>)", "connect < res=0 tuple=127.0.0.1:P->127.0.0.1:P",
            $"write > fd={udp}(<4u>127.0.0.1:P->127.0.0.1:P) size=1", "write < res=1 data=ZA==",
            "exit_group >",
        ];
        Assert.Equal(expected, own);
        // The client's end is named first on both sides of the connection, as sysdig names it.
        string[] connection = [.. lines.Where(line => line.Contains("(<4t>127.0.0.1:", StringComparison.Ordinal) && line.Contains("->", StringComparison.Ordinal))
            .Select(line => Connection().Match(line).Value).Distinct()];
        Assert.Single(connection);
    }

    [Fact]
    public void AThreeSecondRecordingHasAResourceRowEachSecondAndTheCaptureOfItsInterface()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("out"));

        CommandResult result = Run.Command(Repository.Sysrec, ["run", "-q", "--lidds", "out/r", "--pcap", "lo", "--", "/bin/bash", "-c",
            "sleep 1; echo sysrec-lidds > /dev/udp/127.0.0.1/9; sleep 2"], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(["r.zip"], Directory.GetFileSystemEntries(dir.File("out")).Select(Path.GetFileName));
        using ZipArchive zip = ZipFile.OpenRead(dir.File("out/r.zip"));
        string[] rows = Read(zip, "r.res").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("timestamp,cpu_usage,memory_usage,network_received,network_send,storage_read,storage_written", rows[0]);
        double[][] samples = [.. rows.Skip(1).Select(row => row.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];
        Assert.InRange(samples.Length, 2, 4);
        Assert.All(samples, s => Assert.Equal(7, s.Length));
        for (int i = 1; i < samples.Length; i++)
            Assert.InRange(samples[i][0] - samples[i - 1][0], 0.8, 1.2);
        // bash is resident; the datagram went over lo, in bash's namespace, before the last row.
        Assert.All(samples, s => Assert.True(s[2] > 0));
        Assert.True(samples[^1][4] > 0, string.Join('\n', rows));
        using JsonDocument json = JsonDocument.Parse(Read(zip, "r.json"));
        Assert.InRange(json.RootElement.GetProperty("recording_time").GetInt64(), 3, 4);
        File.WriteAllBytes(dir.File("r.pcap"), ReadBytes(zip, "r.pcap"));
        CommandResult tcpdump = Run.Command("tcpdump", ["-n", "-r", dir.File("r.pcap"), "udp port 9"]);
        Assert.True(tcpdump.ExitCode == 0, tcpdump.Stderr);
        Assert.Contains("127.0.0.1.9: UDP, length 13", tcpdump.Stdout);
    }

    [Fact]
    public void CallsMadeOnEveryCpuAtOnceGiveLinesInTimeOrder()
    {
        using var dir = new TempDirectory();
        string workload = Workloads.Build("pinned_threads_getppid.c", "sr_lidds_pinned");
        Directory.CreateDirectory(dir.File("out"));

        // A thread on each CPU, both calling at once, four times over: the two CPUs' records meet in the ring.
        CommandResult result = Run.Command(Repository.Sysrec,
            ["run", "-f", "-q", "--lidds", "out/p", "--", "/bin/sh", "-c", $"for i in 1 2 3 4; do {workload} {Environment.ProcessorCount} 100000 || exit 1; done"], dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using ZipArchive zip = ZipFile.OpenRead(dir.File("out/p.zip"));
        string[] lines = Read(zip, "p.sc").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        ulong[] times = [.. lines.Select(line => ulong.Parse(line.Split(' ', 2)[0], CultureInfo.InvariantCulture))];
        int late = Enumerable.Range(1, times.Length - 1).FirstOrDefault(i => times[i] < times[i - 1]);
        if (late != 0)
            Assert.Fail($"line {late + 1} of {lines.Length} is out of time order by {times[late - 1] - times[late]} ns: {lines[late]} after {lines[late - 1]}");
        Assert.True(lines.Count(line => line.Contains(" getppid ", StringComparison.Ordinal)) > 100_000, "too few calls recorded to tell");
    }

    [Fact]
    public void AnExploitMarkedDuringTheRecordingIsInItsMetadataAndTheCallsAfterItAreTheAttack()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("scenario/test/normal_and_attack"));
        using var recorder = Process.Start(new ProcessStartInfo(Repository.Sysrec,
            ["record", "-q", "--lidds", "scenario/test/normal_and_attack/attack_1", "--lidds-container", "client:127.0.0.1:normal", "sr_lidds_mark"])
        {
            WorkingDirectory = dir.Path,
            RedirectStandardError = true,
        })!;
        double before, after;
        CommandResult mark;
        try
        {
            string workload = Workloads.Build("paced_getppid.c", "sr_lidds_mark");
            Assert.StartsWith("sysrec: recording", recorder.StandardError.ReadLine());
            using InteractiveWorkload paced = InteractiveWorkload.Start(workload, "50", "2");
            Thread.Sleep(700);
            before = UnixSeconds();
            mark = Run.Command(Repository.Sysrec, ["mark", "exploit", "scenario/test/normal_and_attack/attack_1", "--name", "CVE-2017-7529"], dir.Path);
            after = UnixSeconds();
            paced.WaitForExit();
            Kill(recorder.Id, 15);
            Assert.True(recorder.WaitForExit(10_000), "the recorder did not stop at SIGTERM");
        }
        finally
        {
            // Left running, it would answer every other test's mark.
            if (!recorder.HasExited)
                recorder.Kill();
        }
        Assert.True(mark.ExitCode == 0, mark.Stderr);
        Assert.Contains("attack_1.zip", mark.Stderr);
        Assert.Equal(0, recorder.ExitCode);

        using ZipArchive zip = ZipFile.OpenRead(dir.File("scenario/test/normal_and_attack/attack_1.zip"));
        using JsonDocument json = JsonDocument.Parse(Read(zip, "attack_1.json"));
        JsonElement meta = json.RootElement;
        Assert.True(meta.GetProperty("exploit").GetBoolean());
        Assert.Equal("CVE-2017-7529", meta.GetProperty("exploit_name").GetString());
        double ready = meta.GetProperty("time").GetProperty("container_ready").GetProperty("absolute").GetDouble();
        JsonElement shot = Assert.Single(meta.GetProperty("time").GetProperty("exploit").EnumerateArray());
        double exploit = shot.GetProperty("absolute").GetDouble();
        Assert.InRange(exploit, before, after);
        Assert.Equal(exploit - ready, shot.GetProperty("relative").GetDouble(), 6);
        Assert.Equal("CVE-2017-7529", shot.GetProperty("name").GetString());
        Assert.Equal("sysrec mark", shot.GetProperty("source").GetString());
        // LID-DS's labelling: the calls timed after the exploit are the attack; there are calls on both sides.
        double[] times = [.. Read(zip, "attack_1.sc").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => ulong.Parse(line.Split(' ')[0], CultureInfo.InvariantCulture) / 1e9)];
        Assert.Contains(times, t => t < exploit);
        Assert.Contains(times, t => t > exploit);
        Assert.Empty(Directory.GetFiles(dir.File("scenario/test/normal_and_attack"), ".*"));
    }

    [Fact]
    public void AMarkGoesToTheRecordingItNamesOrToEveryOneWithAll()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("one"));
        string firstZip = dir.File("one/web_1.zip"), secondZip = dir.File("scenario/test/normal_and_attack/web_2.zip");
        CommandResult unnamed, unknown, byName, byPath, everyOne;
        using (StartRecorder(dir, ["--lidds", "one/web_1"]))
        using (StartRecorder(dir, ["--lidds", "scenario/web_2", "--lidds-set", "attack"]))
        {
            // Two recordings and none named: which one is not for mark to guess.
            unnamed = Run.Command(Repository.Sysrec, ["mark", "exploit"], dir.Path);
            unknown = Run.Command(Repository.Sysrec, ["mark", "exploit", "web_3"], dir.Path);
            byName = Run.Command(Repository.Sysrec, ["mark", "exploit", "web_1", "--name", "by-name"], dir.Path);
            byPath = Run.Command(Repository.Sysrec, ["mark", "exploit", "scenario/web_2", "--name", "by-path"], dir.Path);
            everyOne = Run.Command(Repository.Sysrec, ["mark", "exploit", "--all", "--name", "all"], dir.Path);
        }

        Assert.StartsWith("sysrec: mark: ", ErrorOutput.AssertOneLine(unnamed, exitCode: 2));
        Assert.Contains("LID-DS recordings are being made (", unnamed.Stderr);
        Assert.Contains(firstZip, unnamed.Stderr);
        Assert.Contains("or give --all", unnamed.Stderr);
        Assert.StartsWith("sysrec: mark: no LID-DS recording named web_3 is being made; name one of ", ErrorOutput.AssertOneLine(unknown, exitCode: 1));
        Assert.True(byName.ExitCode == 0 && byPath.ExitCode == 0 && everyOne.ExitCode == 0, byName.Stderr + byPath.Stderr + everyOne.Stderr);
        Assert.Equal($"sysrec: exploit marked in {firstZip}\n", byName.Stderr);
        Assert.Equal($"sysrec: exploit marked in {secondZip}\n", byPath.Stderr);
        Assert.Contains($"sysrec: exploit marked in {firstZip}\n", everyOne.Stderr);
        Assert.Contains($"sysrec: exploit marked in {secondZip}\n", everyOne.Stderr);
        Assert.Equal(["by-name", "all"], ExploitNames(firstZip));
        Assert.Equal(["by-path", "all"], ExploitNames(secondZip));
    }

    [Fact]
    public void TheOnlyRecordingIsMarkedWithoutItsName()
    {
        using var dir = new TempDirectory();
        CommandResult mark;
        using (StartRecorder(dir, ["--lidds", "only_1"]))
            mark = Run.Command(Repository.Sysrec, ["mark", "exploit"], dir.Path);

        // (Another LID-DS recording made on the machine meanwhile would make mark ask which.)
        Assert.True(mark.ExitCode == 0, mark.Stderr);
        Assert.Equal($"sysrec: exploit marked in {dir.File("only_1.zip")}\n", mark.Stderr);
        Assert.Equal(["exploit"], ExploitNames(dir.File("only_1.zip")));
    }

    [Fact]
    public void ASetPutsTheRecordingInItsFolderOfTheScenarioWhichHasAllFour()
    {
        using var dir = new TempDirectory();

        CommandResult live = Run.Command(Repository.Sysrec, ["run", "-q", "--lidds", "scenario/attack_1", "--lidds-set", "attack", "--", "/bin/true"], dir.Path);
        CommandResult recorded = Run.Command(Repository.Sysrec, ["run", "--format", "jsonl", "--exit", "-o", "t.jsonl", "--", "/bin/true"], dir.Path);
        CommandResult exported = Run.Command(Repository.Sysrec, ["export", "t.jsonl", "--format", "lidds", "-o", "scenario/normal_1.zip", "--lidds-set", "training"], dir.Path);

        Assert.True(live.ExitCode == 0, live.Stderr);
        Assert.True(recorded.ExitCode == 0 && exported.ExitCode == 0, recorded.Stderr + exported.Stderr);
        string[] entries = [.. Directory.GetFileSystemEntries(dir.File("scenario"), "*", SearchOption.AllDirectories)
            .Select(entry => Path.GetRelativePath(dir.File("scenario"), entry)).Order(StringComparer.Ordinal)];
        Assert.Equal(["test", "test/normal", "test/normal_and_attack", "test/normal_and_attack/attack_1.zip", "training", "training/normal_1.zip", "validation"], entries);
    }

    [Fact]
    public void MarkingWithNoRecordingRunningSaysSo()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["mark", "exploit"]);

        string error = ErrorOutput.AssertOneLine(result, exitCode: 1);
        Assert.Equal("sysrec: mark: no LID-DS recording is running. Start one with sysrec record --lidds DIR/NAME or sysrec run --lidds DIR/NAME -- CMD", error);
    }

    [Fact]
    public void AMarksNameIsOneLine()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["mark", "exploit", "--name", "CVE\tone"]);

        string error = ErrorOutput.AssertOneLine(result, exitCode: 2);
        Assert.StartsWith("sysrec: --name: 'CVE\tone' has a control character; give the exploit's name on one line", error);
    }

    [Theory]
    [InlineData(new[] { "--lidds", "out/r", "-o", "t.log" }, 2, "sysrec: --output: with --lidds the calls go into the LID-DS recording, in sysdig's lines. Leave out --output")]
    [InlineData(new[] { "--exploit-time", "5" }, 2, "sysrec: --exploit-time: only a LID-DS recording has it. Add --lidds DIR/NAME")]
    [InlineData(new[] { "--lidds", "out/r", "--pcap", "sysrec-no-such-if" }, 1, "sysrec: --pcap sysrec-no-such-if: ")]
    public void BadLiveOptionsAreRefusedAndNothingIsWritten(string[] options, int exitCode, string message)
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("out"));

        CommandResult result = Run.Command(Repository.Sysrec, ["run", .. options, "--", "/bin/true"], dir.Path);

        string error = ErrorOutput.AssertOneLine(result, exitCode);
        Assert.StartsWith(message, error);
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("out")));
    }

    [GeneratedRegex(@"fd=(\d+)")]
    private static partial Regex Fd();

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex Ports();

    [GeneratedRegex(@"127\.0\.0\.1:\d+->127\.0\.0\.1:\d+")]
    private static partial Regex Connection();

    // A --lidds recorder of a program that never runs, started once it says it records; disposed, it stops
    // at SIGTERM and has written its zip.
    private static StoppedAtDispose StartRecorder(TempDirectory dir, string[] options)
    {
        var recorder = new StoppedAtDispose(Process.Start(new ProcessStartInfo(Repository.Sysrec, ["record", "-q", .. options, "sr_lidds_none"])
        {
            WorkingDirectory = dir.Path,
            RedirectStandardError = true,
        })!);
        Assert.StartsWith("sysrec: recording", recorder.Process.StandardError.ReadLine());
        return recorder;
    }

    private sealed record StoppedAtDispose(Process Process) : IDisposable
    {
        public void Dispose()
        {
            Kill(Process.Id, 15);
            bool stopped = Process.WaitForExit(10_000);
            Process.Dispose();
            Assert.True(stopped, "the recorder did not stop at SIGTERM");
        }
    }

    private static string[] ExploitNames(string zipPath)
    {
        using ZipArchive zip = ZipFile.OpenRead(zipPath);
        using JsonDocument json = JsonDocument.Parse(Read(zip, Path.GetFileNameWithoutExtension(zipPath) + ".json"));
        return [.. json.RootElement.GetProperty("time").GetProperty("exploit").EnumerateArray().Select(shot => shot.GetProperty("name").GetString()!)];
    }

    private static void Kill(int pid, int signal) => Run.Command("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);

    private static double UnixSeconds() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;

    private static string Read(ZipArchive zip, string name) => System.Text.Encoding.UTF8.GetString(ReadBytes(zip, name));

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using Stream entry = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        entry.CopyTo(copy);
        return copy.ToArray();
    }
}
