namespace Sysrec.Tests.Integration;

/// <summary>
/// Every command and option given what it cannot take (numbers, sizes, durations, choices, files that
/// are missing, directories, FIFOs, unreadable or unwritable): one line <c>sysrec: what: why. what to do</c>,
/// the README's exit code (2 usage or malformed input, 1 the work could not be done), no stack trace,
/// no runtime type name, and nothing left behind.
/// </summary>
/// <remarks>In the kernel collection: a bad line wrongly accepted would start a recording.</remarks>
[Collection(KernelCollection.Name)]
public sealed class CommandLineErrorTests
{
    // In the working directory of every case: a text and a jsonl recording, a directory, a file, a FIFO
    // without a reader.
    private const string Text = "t.log", Jsonl = "t.jsonl", Dir = "adir", AFile = "afile", Fifo = "fifo";
    private const string Nats = "nats://127.0.0.1:1";

    public static TheoryData<string[], int, string> Cases() => new()
    {
        // The command itself.
        { [], 2, "sysrec: no command given: name one, such as record, run, split or stats. Run 'sysrec --help' for usage." },
        { ["recrod", "ls"], 2, "sysrec: 'recrod' is not a sysrec command. Did you mean 'record'? Run 'sysrec --help' for usage." },
        { ["stast", Text], 2, "sysrec: 'stast' is not a sysrec command. Did you mean 'stats'? Run 'sysrec --help' for usage." },
        { ["--bogus"], 2, "sysrec: '--bogus' is not an option of sysrec. Run 'sysrec --help' for usage." },
        { ["mark", "exploit", "--bogus"], 2, "sysrec: '--bogus' is not an option of sysrec mark exploit. Run 'sysrec mark exploit --help' for usage." },
        { ["help", "nope"], 2, "no command or help topic 'nope'. Topics: formats, tracing" },

        // record
        { ["record", "-p", "abc", "x"], 2, "sysrec: --pid: 'abc' is not a process id: give the number ps shows, e.g. -p 1234. Run 'sysrec record --help' for usage." },
        { ["record", "-p", "0", "x"], 2, "--pid: '0' is not a process id" },
        { ["record", "-p", "-1", "x"], 2, "--pid: '-1' is not a process id" },
        { ["record", "-p", "", "x"], 2, "--pid: '' is not a process id" },
        { ["record", "-p", "99999999999", "x"], 2, "--pid: '99999999999' is not a process id" },
        { ["record", "-p", "1,x"], 2, "--pid: 'x' is not a process id" },
        { ["record", "-p", "4194305"], 2, "--pid 4194305: no such process" },
        { ["record", "-p"], 2, "sysrec: --pid: no PID given after it. Run 'sysrec record --help' for usage." },
        { ["record"], 2, "no program to trace" },
        { ["record", "--formt", "jsonl", "x"], 2, "sysrec: '--formt' is not an option of sysrec record. Did you mean '--format'? Run 'sysrec record --help' for usage." },
        { ["record", "--format", "xml", "x"], 2, "sysrec: --format: 'xml' is not one of text, jsonl, strace. Run 'sysrec record --help' for usage." },
        { ["record", "--max-size", "abc", "x"], 2, "--max-size: 'abc' is not a size. Write it like 65536, 256K or 64M" },
        { ["record", "--max-size", "0", "x"], 2, "--max-size: '0' is not a size" },
        { ["record", "--max-size", "99999999999G", "x"], 2, "--max-size: '99999999999G' is not a size" },
        { ["record", "--duration", "abc", "x"], 2, "--duration: 'abc' is not a duration. Write it like 30s, 10m or 2h" },
        { ["record", "--duration", "-1", "x"], 2, "--duration: '-1' is not a duration" },
        { ["record", "--duration", "0", "x"], 2, "--duration: '0' is not a duration" },
        { ["record", "--duration", "1e308h", "x"], 2, "--duration: '1e308h' is not a duration" },
        { ["record", "--buffer-size", "3M", "x"], 2, $"--buffer-size: 3M must be a power of two between {Environment.SystemPageSize} bytes and 1G" },
        { ["record", "--buffer-size", "x", "x"], 2, "--buffer-size: 'x' is not a size" },
        { ["record", "-e", "nosuch", "x"], 2, "-e: 'nosuch' is not a syscall name or number known here" },
        { ["record", "--exit", "x"], 2, "--exit: return values and durations need --format jsonl" },
        { ["record", "--paths", "x"], 2, "--paths: path strings need --format jsonl" },
        { ["record", "--names-from", "missing.txt"], 1, "sysrec: cannot read missing.txt: no such file or directory" },
        { ["record", "--names-from", Dir], 1, "sysrec: cannot read adir: is a directory" },
        { ["record", "--names-from", AFile], 2, "sysrec: afile:1: not a program name (one basename per line, no '/')" },
        { ["record", "--names-from", "/proc/self/mem"], 1, "sysrec: cannot read /proc/self/mem: Input/output error" },
        { ["record", "-q", "--duration", "5", "-o", Dir, "x"], 1, "sysrec: cannot write adir: Is a directory. Choose another file with -o FILE" },
        { ["record", "-q", "--duration", "5", "-o", "/nonexistent/d/t.log", "x"], 1, "sysrec: cannot write /nonexistent/d/t.log: no such directory /nonexistent. Choose another file with -o FILE" },
        { ["record", "-q", "--duration", "5", "-o", "afile/t.log", "x"], 1, "sysrec: cannot write afile/t.log: Not a directory. Choose another file with -o FILE" },
        { ["record", "-q", "--duration", "5", "-o", "", "x"], 1, "sysrec: cannot write '': an empty name names no file. Choose another file with -o FILE" },
        { ["record", "-q", "--duration", "5", "-o", "newdir/", "x"], 1, "sysrec: cannot write newdir/: it names a directory, not a file" },
        { ["record", "-q", "--duration", "5", "-o", Fifo, "x"], 1, "sysrec: cannot write fifo: No such device or address. Choose another file with -o FILE" },
        { ["record", "-q", "--duration", "5", "-o", "/proc/sys/nothing", "x"], 1, "sysrec: cannot write /proc/sys/nothing: " },
        { ["record", "--sink", "http://x", "x"], 2, "--sink: 'http://x' is not a NATS address" },
        { ["record", "--sink", Nats, "--subject", "a..b", "x"], 2, "--subject: 'a..b' is not a subject to publish on" },
        { ["record", "--sink", Nats, "--host", "-x", "x"], 2, "--host: '-x' is not a usable host name" },
        { ["record", "--sink", Nats, "--spool-size", "lots", "x"], 2, "--spool-size: 'lots' is not a size" },
        { ["record", "--sink", Nats, "-o", "t2.log", "x"], 2, "--output: with --sink the records go to the stream" },
        { ["record", "--spool", "s.spool", "x"], 2, "--spool: only means something with --sink" },

        // run
        { ["run"], 2, "sysrec: no COMMAND given: the command to run and its arguments, after --. Run 'sysrec run --help' for usage." },
        { ["run", "-c", "--", "true"], 2, "sysrec: '-c' is not an option of sysrec run. Run 'sysrec run --help' for usage." },
        { ["run", "--duration", "1", "--", "true"], 2, "'--duration' is not an option of sysrec run" },
        { ["run", "--format", "xml", "--", "true"], 2, "--format: 'xml' is not one of text, jsonl, strace" },
        { ["run", "--max-size", "-5", "--", "true"], 2, "--max-size: '-5' is not a size" },
        { ["run", "-o", "/nonexistent/t.log", "--", "true"], 1, "cannot write /nonexistent/t.log: no such directory /nonexistent" },

        // split
        { ["split"], 2, "sysrec: no TRACE given: a recording, text lines or jsonl. Run 'sysrec split --help' for usage." },
        { ["split", "missing.log"], 1, "sysrec: cannot read missing.log: no such file or directory" },
        { ["split", Dir], 1, "sysrec: cannot read adir: is a directory" },
        { ["split", "/proc/self/mem"], 1, "sysrec: cannot read /proc/self/mem: Input/output error" },
        { ["split", Text, "-d", AFile], 1, "sysrec: cannot write afile: Not a directory. Choose another directory with -d DIR" },
        { ["split", Text, "-d", "/proc/version"], 1, "sysrec: cannot write /proc/version: Not a directory" },
        { ["split", Text, "-d", ""], 2, "sysrec: --directory: an empty name names no directory; give DIR, or leave -d out for the current one. Run 'sysrec split --help' for usage." },
        { ["split", Text, "--numbering", "x86"], 2, "--numbering: 'x86' is not one of native, i386" },
        { ["split", Text, "--by", "process"], 2, "--by: 'process' is not one of pid, tid" },
        { ["split", Text, "--by", "tid"], 2, "t.log: --by tid needs thread ids, and text lines carry none. Record with --format jsonl" },
        { ["split", "--bogus", Text], 2, "'--bogus' is not an option of sysrec split" },
        { ["split", Text, "--layout", "lidds"], 2, "--layout: 'lidds' is not one of sysrec, adfa" },
        { ["split", Text, "--set", "attack"], 2, "sysrec: --set: a set is where ADFA-LD's layout puts files; add --layout adfa. Run 'sysrec split --help' for usage." },
        { ["split", Text, "--attack", "Adduser"], 2, "--attack: a set is where ADFA-LD's layout puts files; add --layout adfa" },
        { ["split", Text, "--layout", "adfa", "--set", "attack"], 2, "--set attack: an attack's files go in a folder named for it; give --attack NAME" },
        { ["split", Text, "--layout", "adfa", "--attack", "Adduser"], 2, "--attack: only an attack's files have a name; add --set attack, or leave --attack out for the training set" },
        { ["split", Text, "--layout", "adfa", "--set", "attack", "--attack", "../up"], 2, "--attack '../up': an attack's name is letters, digits, '_' and '-'" },
        { ["split", Text, "--layout", "adfa", "--names"], 2, "--names: ADFA-LD's files hold numbers; leave --names out with --layout adfa" },
        { ["split", AFile], 2, "sysrec: afile:1: expected pid:syscall_id:comm" },
        { ["split", "/proc/self/mem", "-d", "out"], 1, "sysrec: cannot read /proc/self/mem: Input/output error" },

        // top
        { ["top", "--bogus"], 2, "'--bogus' is not an option of sysrec top" },

        // stats
        { ["stats", "--top", "abc", Text], 2, "sysrec: --top: 'abc' is not a whole number of at least 1. Run 'sysrec stats --help' for usage." },
        { ["stats", "--top", "0", Text], 2, "--top: '0' is not a whole number of at least 1" },
        { ["stats", "--top", "99999999999", Text], 2, "--top: '99999999999' is not a whole number of at least 1" },
        { ["stats", "--top", Text], 2, "--top: 't.log' is not a whole number" },
        { ["stats", Text, "--top"], 2, "sysrec: --top: no N given after it. Run 'sysrec stats --help' for usage." },
        { ["stats", Text, "--top", "1", "--top", "2"], 2, "--top: given 2 times; give it once" },
        { ["stats", "--format", "xml", Text], 2, "--format: 'xml' is not one of table, json" },
        { ["stats", "--fromat", "json", Text], 2, "'--fromat' is not an option of sysrec stats. Did you mean '--format'?" },
        { ["stats", "-e", "nosuch", Text], 2, "-e: 'nosuch' is not a syscall name or number known here" },
        { ["stats", "missing.log"], 1, "cannot read missing.log: no such file or directory" },
        { ["stats", Text, "missing.log"], 1, "cannot read missing.log: no such file or directory" },

        // seccomp
        { ["seccomp", Text, "-o", Dir], 1, "sysrec: cannot write adir: Is a directory. Choose another file with -o FILE" },
        { ["seccomp", Text, "-o", Text], 2, "cannot write t.log: it is the recording being read" },
        { ["seccomp", Text, "-o", "/nonexistent/p.json"], 1, "cannot write /nonexistent/p.json: no such directory /nonexistent" },
        { ["seccomp", Text, "-o"], 2, "--output: no FILE given after it" },
        { ["seccomp", Text, "--no-new-privileges"], 2, "sysrec: --no-new-privileges: it says how a container runtime starts the program. Add --runtime crun|runc|docker|podman" },
        { ["seccomp", Text, "--runtime", "lxc"], 2, "sysrec: --runtime: 'lxc' is not one of none, crun, runc, docker, podman" },

        // export
        { ["export", Text], 2, "sysrec: --output FILE is required: write the export to FILE. Run 'sysrec export --help' for usage." },
        { ["export", Text, "-o", "t.csv", "--format", "csv"], 2, "--format: 'csv' is not one of parquet, lidds" },
        { ["export", Text, "--format", "lidds", "-o", "t.sc"], 2, "t.log: the LID-DS format needs the time and thread of each call" },
        { ["export", Text, "-o", "/nonexistent/t.parquet"], 1, "cannot write /nonexistent/t.parquet: no such directory /nonexistent" },
        { ["export", Text, "-o", Dir], 1, "cannot write adir: Is a directory" },
        { ["export", Jsonl, "-o", Jsonl], 2, "cannot write t.jsonl: it is the recording being read" },

        // report
        { ["report", Text, "-o", Text], 2, "cannot write t.log: it is the recording being read" },
        { ["report", Text, "-o", Dir], 1, "cannot write adir: Is a directory" },
        { ["report", "missing.log"], 1, "cannot read missing.log: no such file or directory" },

        // collect
        { ["collect"], 2, "--from URL is required: the NATS servers, nats://HOST:PORT" },
        { ["collect", "--from", Nats], 2, "--stream NAME is required" },
        { ["collect", "--from", "x", "--stream", "S"], 2, "--from: 'x' is not a NATS address" },
        { ["collect", "--from", Nats, "--stream", "a.b"], 2, "--stream: 'a.b' is not a stream name" },
        { ["collect", "--from", Nats, "--stream", "S", "--replicas", "abc"], 2, "--replicas: 'abc' is not a whole number from 1 to 5" },
        { ["collect", "--from", Nats, "--stream", "S", "--replicas", "9"], 2, "--replicas: '9' is not a whole number from 1 to 5" },
        { ["collect", "--from", Nats, "--stream", "S"], 1, "sysrec: cannot reach nats://127.0.0.1:1: " },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachMistakeIsOneLineInSysrecsWords(string[] arguments, int exitCode, string expected)
    {
        Assert.False(string.IsNullOrWhiteSpace(expected), "a case must name the text its error line holds");
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(Text), "1:0:a\n");
        File.WriteAllText(dir.File(Jsonl), $"{{\"ts_ns\":1,\"pid\":1,\"tid\":1,\"comm\":\"a\",\"abi\":\"{TraceFile.NativeAbi}\",\"nr\":0,\"args\":[0,0,0,0,0,0]}}\n");
        File.WriteAllText(dir.File(AFile), "not/a recording\n");
        Directory.CreateDirectory(dir.File(Dir));
        Assert.Equal(0, Run.Command("mkfifo", [dir.File(Fifo)]).ExitCode);
        string[] before = Listing(dir.Path);

        CommandResult result = Run.Command(Repository.Sysrec, arguments, dir.Path, TimeSpan.FromSeconds(30));

        string line = ErrorOutput.AssertOneLine(result, exitCode);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("System.", line);
        Assert.DoesNotContain("Exception", line);
        Assert.Equal(before, Listing(dir.Path));
    }

    private static string[] Listing(string root) =>
        [.. Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
