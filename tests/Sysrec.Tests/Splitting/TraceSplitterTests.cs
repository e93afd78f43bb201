using System.Text;
using Sysrec.IO;
using Sysrec.Splitting;

namespace Sysrec.Tests.Splitting;

public sealed class TraceSplitterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sysrec-split-").FullName;

    private string Input => Path.Combine(_root, "trace.log");

    private string Output => Path.Combine(_root, "out");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void SplitsTheExampleIntoOneFilePerCommAndPid()
    {
        WriteInput("1234:60:bash\n1234:1:bash\n2345:1:sshd\n1234:2:bash\n");

        SplitSummary summary = TraceSplitter.Split(Input, Output);

        Assert.Equal((4L, 2), (summary.Calls, summary.Files));
        Assert.Equal(["bash:1234.log", "sshd:2345.log"], OutputNames());
        Assert.Equal("60 1 2\n", ReadOutput("bash:1234.log"));
        Assert.Equal("1\n", ReadOutput("sshd:2345.log"));
    }

    [Fact]
    public void RenumbersIntoTheI386TableAndReportsWhatHasNoCounterpart()
    {
        WriteInput("7:9:a\n7:5:a\n7:i386/20:a\n7:184:a\n7:42:a\n");

        SplitSummary summary = TraceSplitter.Split(Input, Output, new SplitOptions(Numbering: SplitNumbering.I386));

        Assert.Equal("192 197 20 102\n", ReadOutput("a:7.log")); // mmap2 fstat64 getpid socketcall
        Assert.Equal(new Dictionary<string, long> { ["tuxcall"] = 1 }, summary.Unmapped);
    }

    [Fact]
    public void WritesNamesWhenAsked()
    {
        WriteInput($"7:{Integration.Nr.Of("read")}:a\n7:i386/20:a\n7:999:a\n");

        TraceSplitter.Split(Input, Output, new SplitOptions(SyscallNames: true));

        Assert.Equal("read i386/getpid 999\n", ReadOutput("a:7.log"));
    }

    [Fact]
    public void KeepsTheOrderOfAppearance()
    {
        WriteInput("9:5:a\n8:0:a\n9:3:a\n9:-1:a\n8:7:b\n9:9:a\n8:4:a\n9:1:a\n");

        TraceSplitter.Split(Input, Output);

        Assert.Equal("5 3 -1 9 1\n", ReadOutput("a:9.log"));
        Assert.Equal("0 4\n", ReadOutput("a:8.log"));
        Assert.Equal("7\n", ReadOutput("b:8.log"));
    }

    [Fact]
    public void SeparatesTheSameCommInDifferentProcessesAndTheSamePidUnderDifferentComms()
    {
        // A pid keeps its number across exec, so one pid can show up under two comms.
        WriteInput("1:1:sh\n2:2:sh\n1:3:ls\n1:4:sh\n");

        TraceSplitter.Split(Input, Output);

        Assert.Equal(["ls:1.log", "sh:1.log", "sh:2.log"], OutputNames());
        Assert.Equal("1 4\n", ReadOutput("sh:1.log"));
        Assert.Equal("2\n", ReadOutput("sh:2.log"));
        Assert.Equal("3\n", ReadOutput("ls:1.log"));
    }

    [Fact]
    public void TakesACommThatContainsColons()
    {
        WriteInput("7:42:a:b:c\n7:43:a:b:c\n");

        TraceSplitter.Split(Input, Output);

        Assert.Equal(["a:b:c:7.log"], OutputNames());
        Assert.Equal("42 43\n", ReadOutput("a:b:c:7.log"));
    }

    [Fact]
    public void EncodesHostileCommsIntoDistinctNamesInsideTheDirectory()
    {
        string[] comms = ["../../evil", "..", "/etc/passwd", "a/b", "a%2Fb", "a%b", "x\\x0a1", "x\\x0A1\\x7f", "~", "%7E", "back\\\\slash", "caf\u00e9",
            ".hidden", "-rf", "=HYPERLINK(1)", "+1", "@SUM", "'q", "a.b-c=d"];
        var log = new StringBuilder();
        for (int i = 0; i < comms.Length; i++)
            log.Append($"1:{i}:{comms[i]}\n");
        File.WriteAllBytes(Input, Encoding.UTF8.GetBytes(log.ToString()));

        TraceSplitter.Split(Input, Output);

        // A leading dot would hide a file from ls and *.log, a leading dash make it an option to rm *, and
        // the others a formula in a spreadsheet showing the manifest.
        Assert.Equal(
            [
                "%257E:1.log", "%27q:1.log", "%2B1:1.log", "%2Drf:1.log", "%2E.%2F..%2Fevil:1.log", "%2E.:1.log", "%2Ehidden:1.log",
                "%2Fetc%2Fpasswd:1.log", "%3DHYPERLINK(1):1.log", "%40SUM:1.log", "%7E:1.log",
                "a%252Fb:1.log", "a%25b:1.log", "a%2Fb:1.log", "a.b-c=d:1.log", "back\\slash:1.log", "caf%C3%A9:1.log",
                "x%0A1%7F:1.log", "x%0A1:1.log",
            ],
            OutputNames());
        Assert.Equal("0\n", ReadOutput("%2E.%2F..%2Fevil:1.log"));
        Assert.Equal("6\n", ReadOutput("x%0A1:1.log"));
        Assert.Equal(["out", "trace.log"], Directory.GetFileSystemEntries(_root).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "evil:1.log")));
    }

    [Fact]
    public void WritesEveryFileWhenThereAreMoreProcessesThanOpenFiles()
    {
        // Round robin over 3000 pids: every line after the first round goes to a file that was closed.
        const int Pids = 3000;
        const int Rounds = 3;
        var log = new StringBuilder();
        for (int round = 0; round < Rounds; round++)
        {
            for (int pid = 1; pid <= Pids; pid++)
                log.Append($"{pid}:{round * 100_000 + pid}:worker\n");
        }
        WriteInput(log.ToString());

        SplitSummary summary = TraceSplitter.Split(Input, Output);

        Assert.Equal(((long)Pids * Rounds, Pids), (summary.Calls, summary.Files));
        Assert.Equal(Pids, Directory.GetFiles(Output).Length);
        for (int pid = 1; pid <= Pids; pid++)
            Assert.Equal($"{pid} {100_000 + pid} {200_000 + pid}\n", ReadOutput($"worker:{pid}.log"));
    }

    [Fact]
    public void ReadsALogBiggerThanTheBufferWithLinesAcrossItsEdges()
    {
        // Comms of changing lengths put line ends at every offset relative to the 64 KiB buffer.
        var log = new StringBuilder();
        var expected = new Dictionary<string, List<long>>();
        int lines = 0;
        while (log.Length < 3 * (LineReader.MaxLineLength + 1) + 12_345)
        {
            string comm = new('c', 1 + lines % 97);
            uint pid = (uint)(lines % 13);
            long id = lines * 7L - 500;
            log.Append($"{pid}:{id}:{comm}\n");
            string name = $"{comm}:{pid}.log";
            if (!expected.TryGetValue(name, out List<long>? ids))
                expected[name] = ids = [];
            ids.Add(id);
            lines++;
        }
        WriteInput(log.ToString());

        SplitSummary summary = TraceSplitter.Split(Input, Output);

        Assert.Equal(((long)lines, expected.Count), (summary.Calls, summary.Files));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), OutputNames());
        foreach ((string name, List<long> ids) in expected)
            Assert.Equal(string.Join(' ', ids) + "\n", ReadOutput(name));
    }

    [Fact]
    public void ShortensALongCommToAValidUniqueName()
    {
        string prefix = new('n', 300);
        string first = prefix + "first";
        string second = prefix + "second";
        WriteInput($"4294967295:1:{first}\n4294967295:2:{second}\n4294967295:3:{first}\n");

        TraceSplitter.Split(Input, Output);

        string[] names = OutputNames();
        Assert.Equal(2, names.Length);
        Assert.All(names, name =>
        {
            Assert.True(name.Length <= 255, $"{name.Length} bytes: {name}");
            Assert.Matches("^n+~[0-9A-F]{8}:4294967295\\.log$", name);
        });
        string firstName = OutputFileName.For(Encoding.ASCII.GetBytes(first), uint.MaxValue);
        Assert.Equal("1 3\n", ReadOutput(firstName));
        Assert.Equal("2\n", ReadOutput(OutputFileName.For(Encoding.ASCII.GetBytes(second), uint.MaxValue)));
        Assert.Equal(firstName, OutputFileName.For(Encoding.ASCII.GetBytes(first), uint.MaxValue));
    }

    [Fact]
    public void ShortensAnEncodedNameWithoutSplittingAnEscape()
    {
        string name = OutputFileName.For(Enumerable.Repeat((byte)1, 200).ToArray(), 1);

        Assert.True(name.Length <= 255);
        Assert.Matches("^(%01)+~[0-9A-F]{8}:1\\.log$", name);
    }

    [Fact]
    public void ReplacesAnExistingFileOfTheSameName()
    {
        Directory.CreateDirectory(Output);
        File.WriteAllText(Path.Combine(Output, "bash:1.log"), "old content that is longer\n");
        File.WriteAllText(Path.Combine(Output, "unrelated.txt"), "kept\n");
        WriteInput("1:5:bash\n");

        TraceSplitter.Split(Input, Output);

        Assert.Equal("5\n", ReadOutput("bash:1.log"));
        Assert.Equal("kept\n", ReadOutput("unrelated.txt"));
    }

    [Fact]
    public void ReportsAMalformedLineWithItsNumberAndWritesNothing()
    {
        WriteInput("1:1:a\n2:2:b\n3:x:c\n4:4:d\n");

        SysrecException error = Assert.Throws<SysrecException>(() => TraceSplitter.Split(Input, Output));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal($"{Input}:3: syscall id 'x' is not a number or a syscall name", error.Message);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void LeavesAnExistingDirectoryAsItWasWhenALateLineIsBad()
    {
        // Past the open-file cap, so some temporaries are closed and some open when the error comes.
        Directory.CreateDirectory(Output);
        File.WriteAllText(Path.Combine(Output, "worker:1.log"), "old\n");
        var log = new StringBuilder();
        for (int pid = 1; pid <= 500; pid++)
            log.Append($"{pid}:{pid}:worker\n");
        log.Append("no colons here\n");
        WriteInput(log.ToString());

        SysrecException error = Assert.Throws<SysrecException>(() => TraceSplitter.Split(Input, Output));

        Assert.Equal($"{Input}:501: expected pid:syscall_id:comm", error.Message);
        Assert.Equal(["worker:1.log"], OutputNames());
        Assert.Equal("old\n", ReadOutput("worker:1.log"));
    }

    [Theory]
    [InlineData("1:1:a\n1:2:a\\q\n", 2, "bad escape in comm")]
    [InlineData("1:1:a\\x4\n", 1, "bad escape in comm")]
    [InlineData("-1:1:a\n", 1, "pid '-1' is not a process id")]
    [InlineData("1:2\n", 1, "expected pid:syscall_id:comm")]
    public void ReportsABadLine(string log, int lineNumber, string what)
    {
        WriteInput(log);

        SysrecException error = Assert.Throws<SysrecException>(() => TraceSplitter.Split(Input, Output));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal($"{Input}:{lineNumber}: {what}", error.Message);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void TakesTheLongestLineAndRejectsALongerOne()
    {
        string longest = "1:2:" + new string('z', LineReader.MaxLineLength - 4);
        WriteInput($"1:1:a\n{longest}\n{longest}z\n");

        SysrecException error = Assert.Throws<SysrecException>(() => TraceSplitter.Split(Input, Output));
        Assert.Equal($"{Input}:3: line is longer than {LineReader.MaxLineLength} bytes", error.Message);
        Assert.False(Directory.Exists(Output));

        WriteInput($"1:1:a\n{longest}\n");
        SplitSummary summary = TraceSplitter.Split(Input, Output);
        Assert.Equal((2L, 2), (summary.Calls, summary.Files));
        Assert.Contains(OutputNames(), name => name.StartsWith("zzz", StringComparison.Ordinal) && name.Length <= 255);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnEmptyRecordingIsADatasetOfNoFiles(bool manifest)
    {
        WriteInput("");

        SplitSummary summary = TraceSplitter.Split(RecordingFiles.From([Input], lenient: false, TextWriter.Null), Output, new SplitOptions(WriteManifest: manifest));

        Assert.Equal((0L, 0), (summary.Calls, summary.Files));
        Assert.Equal(manifest ? [Manifest.FileName] : [], OutputNames());
        if (manifest)
            Assert.Equal("file,comm,pid,executable,calls,first_ts_ns,last_ts_ns,cgroup\r\n", ReadOutput(Manifest.FileName));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ASplitIntoTheDirectoryOfAnEarlierOneLeavesNoneOfTheEarlierFiles(bool manifest)
    {
        WriteInput("1:1:a\n2:2:b\n3:3:c\n");
        TraceSplitter.Split(Input, Output, new SplitOptions(WriteManifest: true));
        File.WriteAllText(Path.Combine(Output, "unrelated.log"), "kept\n");
        WriteInput("2:4:b\n");

        TraceSplitter.Split(Input, Output, new SplitOptions(WriteManifest: manifest));

        // The earlier manifest went with its split: without a new one, it would list files no longer there.
        Assert.Equal(manifest ? ["b:2.log", Manifest.FileName, "unrelated.log"] : ["b:2.log", "unrelated.log"], OutputNames());
        Assert.Equal("4\n", ReadOutput("b:2.log"));
    }

    [Fact]
    public void RemovesOnlyWhatAnEarlierSplitCouldHaveWritten()
    {
        // A manifest.csv that names files outside the directory, hidden ones, a directory and files of other kinds.
        Directory.CreateDirectory(Path.Combine(Output, "sub:1.log"));
        File.WriteAllText(Path.Combine(_root, "outside:1.log"), "kept\n");
        File.WriteAllText(Path.Combine(Output, ".hidden:1.log"), "kept\n");
        File.WriteAllText(Path.Combine(Output, "notes.txt"), "kept\n");
        File.WriteAllText(Path.Combine(Output, Manifest.FileName),
            "file,comm,pid,executable,calls,first_ts_ns,last_ts_ns\r\n../outside:1.log,a,1,,1,,\r\n.hidden:1.log,a,1,,1,,\r\n"
            + "sub:1.log,a,1,,1,,\r\nnotes.txt,a,1,,1,,\r\n\"q,\"\"x:1.log\",a,1,,1,,\r\n");
        File.WriteAllText(Path.Combine(Output, "q,\"x:1.log"), "stale\n");
        WriteInput("1:1:a\n");

        TraceSplitter.Split(Input, Output, new SplitOptions(WriteManifest: true));

        Assert.Equal([".hidden:1.log", "a:1.log", Manifest.FileName, "notes.txt", "sub:1.log"], OutputNames());
        Assert.True(File.Exists(Path.Combine(_root, "outside:1.log")));
    }

    [Fact]
    public void LeavesAnotherToolsManifestAndItsFilesAlone()
    {
        Directory.CreateDirectory(Output);
        File.WriteAllText(Path.Combine(Output, Manifest.FileName), "file,label\r\nsample:1.log,benign\r\n");
        File.WriteAllText(Path.Combine(Output, "sample:1.log"), "kept\n");
        WriteInput("1:1:a\n");

        TraceSplitter.Split(Input, Output);

        Assert.Equal(["a:1.log", Manifest.FileName, "sample:1.log"], OutputNames());
        Assert.Equal("file,label\r\nsample:1.log,benign\r\n", ReadOutput(Manifest.FileName));
    }

    [Fact]
    public void AMissingFileCannotBeRead()
    {
        SysrecException error = Assert.Throws<SysrecException>(() => TraceSplitter.Split(Input, Output));

        Assert.Equal(ExitCodes.Failure, error.ExitCode);
        Assert.Equal($"cannot read {Input}: no such file or directory", error.Message);
    }

    [Fact]
    public void ADirectoryCannotBeReadAsARecording()
    {
        SysrecException error = Assert.Throws<SysrecException>(() => TraceSplitter.Split(_root, Output));

        Assert.Equal(ExitCodes.Failure, error.ExitCode);
        Assert.Equal($"cannot read {_root}: is a directory", error.Message);
    }

    [Fact]
    public void FailsWhenTheOutputDirectoryCannotBeMade()
    {
        WriteInput("1:1:a\n");
        string notADirectory = Path.Combine(Input, "out");

        SysrecException error = Assert.Throws<SysrecException>(() => TraceSplitter.Split(Input, notADirectory));

        Assert.Equal(ExitCodes.Failure, error.ExitCode);
        Assert.Equal($"cannot write {notADirectory}: Not a directory. Choose another directory with -d DIR", error.Message);
    }

    [Fact]
    public void AllocatesNothingPerLineForAKnownProcess()
    {
        const int Lines = 200_000;
        var log = new StringBuilder();
        for (int i = 0; i < Lines; i++)
            log.Append($"{i % 4}:{i}:proc\n");
        WriteInput(log.ToString());

        long before = GC.GetAllocatedBytesForCurrentThread();
        TraceSplitter.Split(Input, Output);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The fixed buffers take about 140 KB; a single small object per line would be several MB.
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated for {Lines} lines");
    }

    private void WriteInput(string log) => File.WriteAllBytes(Input, Encoding.ASCII.GetBytes(log));

    private string[] OutputNames() =>
        [.. Directory.GetFileSystemEntries(Output).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    private string ReadOutput(string name) => File.ReadAllText(Path.Combine(Output, name), Encoding.Latin1);
}
