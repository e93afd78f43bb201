using System.Text.Json;

namespace Sysrec.Tests.Integration;

/// <summary>
/// Recordings that are valid though odd: one of no syscalls (nothing ran, or only exec events) gives
/// every reading command an empty output and a note; one whose last line a crash cut short gives the
/// lines before it and a warning naming that line; and --lenient passes over bad lines anywhere.
/// </summary>
public sealed class RecordingEdgeTests
{
    public enum Recording { Empty, OnlyExecEvents, LastLineCut }

    public enum Reader { Split, Formatter, Stats, Parquet, Lidds, Seccomp, Report }

    private const string Input = "trace.jsonl";

    private static readonly string s_syscall =
        $"{{\"ts_ns\":1,\"pid\":1,\"tid\":1,\"comm\":\"a\",\"abi\":\"{TraceFile.NativeAbi}\",\"nr\":0,\"name\":\"read\",\"args\":[0,0,0,0,0,0]}}\n";

    public static TheoryData<Reader, Recording> Cases()
    {
        var cases = new TheoryData<Reader, Recording>();
        foreach (Reader reader in Enum.GetValues<Reader>())
        {
            foreach (Recording recording in Enum.GetValues<Recording>())
                cases.Add(reader, recording);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryReaderTakesItWithANoteAndWritesWhatItHolds(Reader reader, Recording recording)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(Input), recording switch
        {
            Recording.Empty => "",
            Recording.OnlyExecEvents => "{\"ts_ns\":1,\"pid\":1,\"tid\":1,\"comm\":\"a\",\"event\":\"exec\",\"exe\":\"/bin/a\"}\n",
            _ => s_syscall + "{\"ts_ns\":2,\"pid\":1,\"tid\":1,\"co",
        });
        int calls = recording == Recording.LastLineCut ? 1 : 0;

        CommandResult result = Run.Command(reader == Reader.Formatter ? Path.Combine(Repository.Root, "formatter") : Repository.Sysrec, reader switch
        {
            Reader.Split => ["split", Input, "-d", "out"],
            Reader.Formatter => [Input, "-d", "out"],
            Reader.Stats => ["stats", "--format", "json", Input],
            Reader.Parquet => ["export", Input, "-o", "out"],
            Reader.Lidds => ["export", Input, "--format", "lidds", "-o", "out"],
            Reader.Seccomp => ["seccomp", Input, "-o", "out"],
            _ => ["report", Input, "-o", "out"],
        }, dir.Path);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.StartsWith(recording == Recording.LastLineCut
            ? $"sysrec: warning: {Input}:2: last line is cut short (no newline at the end); left out\n"
            : $"sysrec: note: {Input} holds no syscalls\n", result.Stderr);
        string output = dir.File("out");
        switch (reader)
        {
            case Reader.Split:
                Assert.Equal(calls == 0 ? ["manifest.csv"] : ["a:1.log", "manifest.csv"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
                Assert.Equal(calls + 1, File.ReadAllLines(Path.Combine(output, "manifest.csv")).Length);
                break;
            case Reader.Formatter:
                Assert.Equal(calls == 0 ? [] : ["a:1.log"], Directory.GetFiles(output).Select(Path.GetFileName));
                break;
            case Reader.Stats:
                using (JsonDocument json = JsonDocument.Parse(result.Stdout))
                    Assert.Equal(calls, json.RootElement.GetProperty("total").GetProperty("calls").GetInt64());
                break;
            case Reader.Parquet:
                Assert.Equal(calls, (await Export.ExportedRow.ReadWithParquetNet(output)).Rows.Count);
                break;
            case Reader.Lidds:
                Assert.Equal(calls, File.ReadAllLines(output).Length);
                break;
            case Reader.Seccomp:
                using (JsonDocument json = JsonDocument.Parse(File.ReadAllText(output)))
                {
                    var names = json.RootElement.GetProperty("syscalls")[0].GetProperty("names").EnumerateArray().Select(name => name.GetString());
                    Assert.Equal(calls == 0 ? ["execve"] : ["execve", "read"], names);
                }
                break;
            default:
                Assert.EndsWith("</html>\n", File.ReadAllText(output));
                break;
        }
    }

    [Fact]
    public void ABadLineInTheMiddleStopsEverythingUnlessLenient()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(Input), s_syscall + "{\"pid\":\n" + s_syscall);

        CommandResult strict = Run.Command(Repository.Sysrec, ["split", Input, "-d", "out"], dir.Path);
        CommandResult lenient = Run.Command(Repository.Sysrec, ["split", "--lenient", Input, "-d", "out"], dir.Path);

        Assert.Equal($"sysrec: {Input}:2: invalid JSON at column 8", ErrorOutput.AssertOneLine(strict, exitCode: 2));
        Assert.True(lenient.ExitCode == 0, lenient.Stderr);
        Assert.Equal($"sysrec: warning: {Input}:2: invalid JSON at column 8; left out\nsysrec: 2 calls split into 1 file in out\n", lenient.Stderr);
        Assert.Equal("0 0\n", File.ReadAllText(dir.File("out/a:1.log")));
    }
}
