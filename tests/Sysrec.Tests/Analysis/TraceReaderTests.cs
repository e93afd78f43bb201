using System.Text;
using Sysrec.IO;
using Sysrec.Syscalls;
using Sysrec.Tests.Integration;
using Sysrec.Trace;

namespace Sysrec.Tests.Analysis;

public sealed class TraceReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed record Read(uint Pid, string Comm, SyscallAbi Abi, long Number, long? Ret, ulong? DurationNs);

    [Fact]
    public void ReadsTextLinesWithNumbersNamesAndI386Ids()
    {
        var events = ReadAll("1234:0:bash\n1234:openat:bash\n7:i386/20:a:b\n7:i386/mmap2:x\\\\y\\x01\n");

        Assert.Equal(
        [
            new Read(1234, "bash", SyscallAbi.Native, 0, null, null),
            new Read(1234, "bash", SyscallAbi.Native, Nr.Of("openat"), null, null),
            new Read(7, "a:b", SyscallAbi.I386, 20, null, null),
            new Read(7, "x\\y\u0001", SyscallAbi.I386, 192, null, null),
        ], events);
    }

    [Fact]
    public void ReadsJsonLinesWithAndWithoutReturns()
    {
        var events = ReadAll(NativeJsonl.Of("""
            {"ts_ns":1,"pid":10,"tid":11,"comm":"cat","abi":"x86_64","nr":0,"name":"read","args":[0,1,2,3,4,5],"ret":-11,"dur_ns":250}
            {"ts_ns":2,"pid":10,"tid":10,"comm":"c\"\u00e9\\\\\\xff","abi":"i386","nr":192,"name":"mmap2"}
            {"ts_ns":3,"pid":10,"tid":10,"comm":"cat","abi":"x86_64","nr":231,"name":"exit_group","ret":null,"dur_ns":null}
            {"future":{"a":[1,{"b":2}]},"nr":1,"abi":"x86_64","comm":"","pid":4294967295}

            """));

        Assert.Equal(
        [
            new Read(10, "cat", SyscallAbi.Native, Nr.Of("read"), -11, 250),
            new Read(10, "c\"\u00c3\u00a9\\\u00ff", SyscallAbi.I386, 192, null, null),
            new Read(10, "cat", SyscallAbi.Native, Nr.ExitGroup, null, null),
            new Read(uint.MaxValue, "", SyscallAbi.Native, 1, null, null),
        ], events);
    }

    [Fact]
    public void TheFirstNonEmptyLineDecidesTheFormatAndEmptyLinesArePassedOver()
    {
        Assert.Single(ReadAll("\n\n{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1}\n\n"));
        Assert.Equal(2, ReadAll("\n1:1:a\n\n1:2:a\n").Count);
    }

    [Theory]
    [InlineData("1:1:a\n{\"pid\":1,\"nr\":2}\n", 2, "pid '{\"pid\"' is not a process id")]
    [InlineData("1:1:a\n1:nosuchcall:a\n", 2, "syscall id 'nosuchcall' is not a number or a syscall name")]
    [InlineData("1:1:a\n1:1:bad\\q\n", 2, "bad escape in comm")]
    [InlineData("1:1:a\n1:1\n", 2, "expected pid:syscall_id:comm")]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1}\n1:1:a\n", 2, "invalid JSON at column 2")]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\"}\n", 1, "\"nr\" is missing")]
    [InlineData("{\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1}\n", 1, "\"pid\" is missing")]
    [InlineData("{\"pid\":-1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1}\n", 1, "\"pid\" is not a process id")]
    [InlineData("{\"pid\":\"1\",\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1}\n", 1, "\"pid\" is not a process id")]
    [InlineData("{\"pid\":1,\"comm\":7,\"abi\":\"i386\",\"nr\":1}\n", 1, "\"comm\" is not a string")]
    [InlineData("{\"pid\":1,\"comm\":\"a\\\\q\",\"abi\":\"i386\",\"nr\":1}\n", 1, "\"comm\" has a backslash that is not \\\\ or \\xHH")]
    [InlineData("{\"pid\":1,\"comm\":\"a\\\\\",\"abi\":\"i386\",\"nr\":1}\n", 1, "\"comm\" has a backslash that is not \\\\ or \\xHH")]
    [InlineData("{\"pid\":1,\"comm\":\"\\ud800\",\"abi\":\"i386\",\"nr\":1}\n", 1, "a string is not valid Unicode (a lone surrogate escape)")]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1.5}\n", 1, "\"nr\" is not a syscall number")]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1,\"ret\":\"-2\"}\n", 1, "\"ret\" is not a number or null")]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1,\"dur_ns\":-5}\n", 1, "\"dur_ns\" is not a number of nanoseconds or null")]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1} {}\n", 1, "invalid JSON at column 42")]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1\n", 1, "invalid JSON at column 40")]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1}\n[1]\n", 2, "expected a JSON object")]
    public void AMalformedLineStopsWithFileAndLine(string text, int line, string what)
    {
        string path = Write(text);

        var error = Assert.Throws<SysrecException>(() => ReadFile(path));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal($"{path}:{line}: {what}", error.Message);
    }

    [Fact]
    public void JsonLinesGiveThreadAndArgumentsAndTextLinesNeither()
    {
        string jsonl = Write($"{{\"ts_ns\":1,\"pid\":10,\"tid\":11,\"comm\":\"a\",\"abi\":\"{TraceFile.NativeAbi}\",\"nr\":0,\"args\":[0,1,2,3,4,18446744073709551615]}}\n");
        using (TraceReader reader = TraceReader.Open(jsonl))
        {
            Assert.True(reader.TryRead(out TraceEvent syscall));
            Assert.Equal((11u, 1ul), (syscall.Tid, syscall.TimestampNs));
            Assert.Equal([0ul, 1, 2, 3, 4, ulong.MaxValue], syscall.Args.ToArray());
        }
        string text = Write("10:0:a\n");
        using (TraceReader reader = TraceReader.Open(text))
        {
            Assert.True(reader.TryRead(out TraceEvent syscall));
            Assert.Equal((null, null, 0), (syscall.Tid, syscall.TimestampNs, syscall.Args.Length));
        }
    }

    [Fact]
    public void ExecEventsAreNoSyscallsAndOnlyTryReadEntryHandsThemOut()
    {
        string text = NativeJsonl.Of("""
            {"ts_ns":1,"pid":10,"tid":10,"comm":"sh","abi":"x86_64","nr":59,"name":"execve","args":[0,0,0,0,0,0]}
            {"ts_ns":2,"pid":10,"tid":10,"comm":"l\u00e9s","event":"exec","exe":"/usr/bin/l\u00e9s\\\\\\x01"}
            {"ts_ns":3,"pid":10,"tid":10,"comm":"l\u00e9s","abi":"x86_64","nr":12,"name":"brk","args":[0,0,0,0,0,0]}
            {"ts_ns":4,"pid":10,"tid":10,"comm":"l\u00e9s","event":"fork","child":11}

            """);
        Assert.Equal([Nr.Execve, Nr.Brk], ReadAll(text).Select(read => read.Number));

        using TraceReader reader = TraceReader.Open(Write(text));
        var kinds = new List<TraceEntryKind>();
        byte[]? exe = null;
        uint execPid = 0;
        while (reader.TryReadEntry(out TraceEntryKind kind, out _, out Sysrec.Trace.ExecEvent exec))
        {
            kinds.Add(kind);
            if (kind == TraceEntryKind.Exec)
                (exe, execPid) = (exec.Exe.ToArray(), exec.Pid);
        }
        Assert.Equal([TraceEntryKind.Syscall, TraceEntryKind.Exec, TraceEntryKind.Syscall, TraceEntryKind.OtherEvent], kinds);
        Assert.Equal(10u, execPid);
        Assert.Equal("/usr/bin/l\u00c3\u00a9s\\\u0001", Encoding.Latin1.GetString(exe!));
    }

    [Fact]
    public void AnExecWhosePathTheKernelCouldNotReadHasNoExecutable()
    {
        using TraceReader reader = TraceReader.Open(Write("{\"ts_ns\":2,\"pid\":10,\"tid\":10,\"comm\":\"a\",\"event\":\"exec\",\"exe\":null}\n"));

        Assert.True(reader.TryReadEntry(out TraceEntryKind kind, out _, out Sysrec.Trace.ExecEvent exec));
        Assert.Equal((TraceEntryKind.Exec, 10u, 0), (kind, exec.Pid, exec.Exe.Length));
    }

    [Theory]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"event\":\"exec\"}\n", "\"exe\" is missing from an exec event")]
    [InlineData("{\"comm\":\"a\",\"event\":\"exec\",\"exe\":\"/x\"}\n", "\"pid\" is missing from an exec event")]
    [InlineData("{\"pid\":1,\"event\":\"exec\",\"exe\":7}\n", "\"exe\" is not a string")]
    [InlineData("{\"pid\":1,\"event\":\"exec\",\"exe\":\"\\\\u0100\"}\n", "\"exe\" has a backslash that is not \\\\ or \\xHH")]
    [InlineData("{\"pid\":1,\"event\":1}\n", "\"event\" is not a string")]
    [InlineData("{\"pid\":1,\"tid\":-1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1}\n", "\"tid\" is not a thread id")]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1,\"args\":[1,2]}\n", "\"args\" is not an array of six numbers")]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1,\"args\":[1,2,3,4,5,6,7]}\n", "\"args\" is not an array of six numbers")]
    [InlineData("{\"pid\":1,\"comm\":\"a\",\"abi\":\"i386\",\"nr\":1,\"args\":[-1,2,3,4,5,6]}\n", "\"args\" is not an array of six numbers")]
    public void AMalformedEventOrFieldStopsWithFileAndLine(string text, string what)
    {
        string path = Write(text);

        var error = Assert.Throws<SysrecException>(() => ReadFile(path));

        Assert.Equal($"{path}:1: {what}", error.Message);
    }

    [Fact]
    public void ARecordingFromAnotherArchitectureIsRefusedRatherThanMisnamed()
    {
        string other = TraceFile.NativeAbi == "x86_64" ? "arm64" : "x86_64";
        string path = Write($"{{\"pid\":1,\"comm\":\"a\",\"abi\":\"{other}\",\"nr\":1}}\n");

        var error = Assert.Throws<SysrecException>(() => ReadFile(path));

        Assert.StartsWith($"{path}:1: \"abi\" is not ", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("{\"ts_ns\":2,\"pid\":10,\"tid\":10,\"comm\":\"a\",\"event\":\"exec\",\"exe\":\"/bin/a\"}\n")]
    public void ARecordingWithoutSyscallsIsAnEmptyRecordingWithANote(string text)
    {
        var notes = new StringWriter();

        Assert.Empty(ReadFile(RecordingFiles.From([Write(text)], lenient: false, notes)));

        Assert.Equal($"sysrec: note: {_dir.File("trace.log")} holds no syscalls\n", notes.ToString());
    }

    [Fact]
    public void ALastLineCutShortIsLeftOutWithAWarningNamingIt()
    {
        var warnings = new StringWriter();

        Assert.Single(ReadFile(RecordingFiles.From([Write("1:1:a\n1:2:a")], lenient: false, warnings)));

        Assert.Equal($"sysrec: warning: {_dir.File("trace.log")}:2: last line is cut short (no newline at the end); left out\n", warnings.ToString());
    }

    [Fact]
    public void LenientlyEveryLineThatDoesNotReadIsLeftOutWithAWarning()
    {
        var warnings = new StringWriter();
        string longLine = new string('x', LineReader.MaxLineLength + 10);

        var events = ReadFile(RecordingFiles.From([Write($"1:1:a\nbad\n{longLine}\n1:2:a\n1:3")], lenient: true, warnings));

        Assert.Equal([1L, 2], events.Select(read => read.Number));
        string path = _dir.File("trace.log");
        Assert.Equal(
            $"sysrec: warning: {path}:2: expected pid:syscall_id:comm; left out\n"
            + $"sysrec: warning: {path}:3: line is longer than {LineReader.MaxLineLength} bytes; left out\n"
            + $"sysrec: warning: {path}:5: last line is cut short (no newline at the end); left out\n",
            warnings.ToString());
    }

    [Fact]
    public void TheLaterPartsOfARecordingFollowItsFirstInOrderWhicheverWayTheyAreNamed()
    {
        File.WriteAllText(_dir.File("t.log"), "1:0:a\n");
        for (int part = 1; part <= 11; part++)
            File.WriteAllText(_dir.File($"t.log.{part}"), $"1:{part}:a\n");
        string[] glob = [.. Directory.GetFiles(_dir.Path, "t.log*").Order(StringComparer.Ordinal)];
        Assert.Equal(_dir.File("t.log.10"), glob[2]);

        foreach (string[] given in new[] { [_dir.File("t.log")], glob })
            Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), ReadFile(RecordingFiles.From(given, lenient: false, TextWriter.Null)).Select(read => read.Number));
    }

    [Fact]
    public void AMissingFileIsAFailureNotAUsageError()
    {
        var error = Assert.Throws<SysrecException>(() => ReadFile(_dir.File("absent.log")));
        Assert.Equal(ExitCodes.Failure, error.ExitCode);
        Assert.Contains("no such file", error.Message);
    }

    private string Write(string text)
    {
        string path = _dir.File("trace.log");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text));
        return path;
    }

    private List<Read> ReadAll(string text) => ReadFile(Write(text));

    private static List<Read> ReadFile(RecordingFiles path)
    {
        using TraceReader reader = TraceReader.Open(path);
        List<Read> events = [];
        while (reader.TryRead(out TraceEvent syscall))
        {
            events.Add(new Read(syscall.Pid, Encoding.Latin1.GetString(syscall.Comm), syscall.Syscall.Abi, syscall.Syscall.Number,
                syscall.Ret, syscall.DurationNs));
        }
        return events;
    }
}
