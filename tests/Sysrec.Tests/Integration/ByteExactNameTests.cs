namespace Sysrec.Tests.Integration;

/// <summary>
/// Arguments, environment, file and program names that are not UTF-8 reach the kernel as the bytes the
/// user gave, and UTF-8 ones stay as they are. .NET strings cannot carry such bytes into a test's
/// command line, so a shell makes them (printf's octal escapes) and shows them (od, ls -b).
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class ByteExactNameTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        // Names that are not UTF-8 are beyond .NET's Directory.Delete as well.
        Run.Command("find", [_dir.Path, "-mindepth", "1", "-delete"]);
        _dir.Dispose();
    }

    [Fact]
    public void RunPassesArgumentsAndEnvironmentByteForByte()
    {
        string hex = Shell("""
            X="$(printf 'v\376\351z')" "$0" run -q -o trace.log -- sh -c 'printf "%s|%s|%s" "$1" "$2" "$X"' sh "$(printf 'a\377b')" 'café ☕ 😀' | od -An -tx1
            """).Replace("\n", "").Replace(" ", "");

        // a\377b | café ☕ 😀 | v\376\351z
        Assert.Equal("61ff62" + "7c" + "636166c3a920e2989520f09f9880" + "7c" + "76fee97a", hex);
    }

    [Fact]
    public void OutputAndInputFileNamesAreTheBytesGiven()
    {
        string listing = Shell("""
            t="$(printf 't\351.log')"
            "$0" run -q -o "$t" -- true &&
            "$0" run -q -o 'café.log' -- true &&
            "$0" stats "$t" >/dev/null &&
            "$0" split "$t" -d "$(printf 'd\377')" &&
            "$0" export "$t" -o "$(printf 'x\376.parquet')" &&
            ls -b . "$(printf 'd\377')"
            """);

        Assert.Matches(@"^\.:\ncafé\.log\nd\\377\nt\\351\.log\nx\\376\.parquet\n\nd\\377:\nmanifest\.csv\ntrue:[0-9]+\.log\n$", listing);
    }

    [Fact]
    public void RecordTracesAProgramByTheExactBytesOfItsName()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_bytes");
        string output = Shell("""
            name="$(printf 'sr_caf\351')"
            cp "$1" "./$name"
            "$0" record -q -o trace.log "$name" 2>recorder.err &
            recorder=$!
            for i in $(seq 600); do grep -q recording recorder.err && break; sleep 0.05; done
            "./$name" 30
            kill -TERM $recorder
            wait $recorder
            echo "exit $?"
            """, workload);

        Assert.Equal("exit 0", output.Trim());
        List<RawTraceEntry> trace = RawTrace.Read(_dir.File("trace.log"));
        Assert.NotEmpty(trace);
        byte[] comm = [.. "sr_caf"u8, 0xE9];
        Assert.All(trace, entry => Assert.Equal(comm, entry.Comm));
        Assert.Equal([30], MarkerBlocks.In([.. trace.Select(e => e.SyscallId)]));
    }

    /// <summary>Runs <paramref name="script"/> in the test's directory with sysrec as $0; what it printed.</summary>
    private string Shell(string script, params string[] arguments)
    {
        CommandResult result = Run.Command("/bin/sh", ["-c", script, Repository.Sysrec, .. arguments], _dir.Path, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"the script failed ({result.ExitCode}): {result.Stderr}");
        return result.Stdout;
    }
}
