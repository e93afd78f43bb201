using System.Text;
using System.Text.Json;
using Sysrec.Analysis;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Analysis;

public sealed class StatsOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheTableLinesUpAsStraceDoes()
    {
        string table = Table(
            StatsCollectorTests.Jsonl(1, "a", 257, -2, 12_000_000)
            + StatsCollectorTests.Jsonl(1, "a", 0, 5, 1_500)
            + StatsCollectorTests.Jsonl(1, "a", 0, -11, 2_500)
            + StatsCollectorTests.Jsonl(1, "a", 231, null, null));

        Assert.Equal("""
            % time     seconds  usecs/call     calls    errors syscall
            ------ ----------- ----------- --------- --------- ----------------
             99.97    0.012000       12000         1         1 openat
              0.03    0.000004           2         2         1 read
              0.00           -           -         1         - exit_group
            ------ ----------- ----------- --------- --------- ----------------
            100.00    0.012004        4001         4         2 total

            """, table);
    }

    [Fact]
    public void AProcessNamedWithATerminalControlCharacterCannotSendItToTheTerminal()
    {
        // U+009B is CSI, a C1 control character, in valid UTF-8: "\x9b[2J" would clear the screen.
        string table = Table(StatsCollectorTests.Jsonl(1, "a\u009b[2Jb", 0, 5, 1_500), perProcess: true);

        Assert.Contains("a?[2Jb:1", table);
        Assert.DoesNotContain('\u009b', table);
    }

    [Fact]
    public void WithoutTimesTheTableGivesSharesOfCallsAndDashes()
    {
        string table = Table("1:0:a\n1:0:a\n1:0:a\n1:i386/mmap2:a\n");

        Assert.Equal("""
            % calls     seconds  usecs/call     calls    errors syscall
            ------- ----------- ----------- --------- --------- ----------------
              75.00           -           -         3         - read
              25.00           -           -         1         - i386/mmap2
            ------- ----------- ----------- --------- --------- ----------------
             100.00           -           -         4         - total

            """, table);
    }

    [Fact]
    public void ColumnsWidenForLongValuesAndEachProcessGetsAHeadedTable()
    {
        string trace = string.Concat(Enumerable.Repeat("1:0:a\\x1bb\n", 3)) + "2:i386/999999999999:c\n";

        string table = Table(trace, perProcess: true);

        Assert.Equal("""
            % calls     seconds  usecs/call     calls    errors syscall
            ------- ----------- ----------- --------- --------- -----------------
              75.00           -           -         3         - read
              25.00           -           -         1         - i386/999999999999
            ------- ----------- ----------- --------- --------- -----------------
             100.00           -           -         4         - total

            a\x1bb:1
            % calls     seconds  usecs/call     calls    errors syscall
            ------- ----------- ----------- --------- --------- ----------------
             100.00           -           -         3         - read
            ------- ----------- ----------- --------- --------- ----------------
             100.00           -           -         3         - total

            c:2
            % calls     seconds  usecs/call     calls    errors syscall
            ------- ----------- ----------- --------- --------- -----------------
             100.00           -           -         1         - i386/999999999999
            ------- ----------- ----------- --------- --------- -----------------
             100.00           -           -         1         - total

            """, table);
    }

    [Fact]
    public void JsonHasTheSameNumbersAndNullWhereUnknown()
    {
        string trace = StatsCollectorTests.Jsonl(7, "a\\u00e9", 0, -4, 3_000)
            + StatsCollectorTests.Jsonl(7, "a\\u00e9", 0, 1, 1_000)
            + StatsCollectorTests.Jsonl(7, "a\\u00e9", 231, null, null);

        using JsonDocument json = Json(trace, perProcess: true);

        JsonElement root = json.RootElement;
        Assert.Equal("time", root.GetProperty("percent_of").GetString());
        JsonElement read = root.GetProperty("syscalls")[0];
        Assert.Equal("read", read.GetProperty("syscall").GetString());
        Assert.Equal(TraceFile.NativeAbi, read.GetProperty("abi").GetString());
        Assert.Equal(0, read.GetProperty("nr").GetInt64());
        Assert.Equal("read", read.GetProperty("name").GetString());
        Assert.Equal(2, read.GetProperty("calls").GetInt64());
        Assert.Equal(1, read.GetProperty("errors").GetInt64());
        Assert.Equal(4_000, read.GetProperty("total_ns").GetInt64());
        Assert.Equal(2_000, read.GetProperty("mean_ns").GetInt64());
        Assert.Equal(100.0, read.GetProperty("percent").GetDouble());
        JsonElement exitGroup = root.GetProperty("syscalls")[1];
        Assert.Equal(JsonValueKind.Null, exitGroup.GetProperty("errors").ValueKind);
        Assert.Equal(JsonValueKind.Null, exitGroup.GetProperty("total_ns").ValueKind);
        Assert.Equal(JsonValueKind.Null, exitGroup.GetProperty("mean_ns").ValueKind);
        JsonElement total = root.GetProperty("total");
        Assert.Equal((3, 1, 4_000), (total.GetProperty("calls").GetInt64(), total.GetProperty("errors").GetInt64(), total.GetProperty("total_ns").GetInt64()));
        JsonElement process = Assert.Single(root.GetProperty("processes").EnumerateArray());
        Assert.Equal("a\u00e9", process.GetProperty("comm").GetString());
        Assert.Equal(7, process.GetProperty("pid").GetInt64());
        Assert.Equal(2, process.GetProperty("syscalls").GetArrayLength());
    }

    [Fact]
    public void JsonWithoutTimesSharesCallsAndLeavesOutProcessesUnlessAsked()
    {
        using JsonDocument json = Json("1:99999:a\n1:99999:a\n1:1:a\n", perProcess: false);

        JsonElement root = json.RootElement;
        Assert.Equal("calls", root.GetProperty("percent_of").GetString());
        JsonElement unknown = root.GetProperty("syscalls")[0];
        Assert.Equal("99999", unknown.GetProperty("syscall").GetString());
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("name").ValueKind);
        Assert.Equal(66.67, unknown.GetProperty("percent").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("total").GetProperty("errors").ValueKind);
        Assert.False(root.TryGetProperty("processes", out _));
    }

    private string Table(string trace, bool perProcess = false)
    {
        var output = new StringWriter { NewLine = "\n" };
        StatsTextWriter.Write(Read(trace, perProcess), output);
        return output.ToString();
    }

    private JsonDocument Json(string trace, bool perProcess)
    {
        using var output = new MemoryStream();
        StatsJsonWriter.Write(Read(trace, perProcess), output);
        string text = Encoding.UTF8.GetString(output.ToArray());
        Assert.EndsWith("}\n", text);
        return JsonDocument.Parse(text);
    }

    private StatsReport Read(string trace, bool perProcess)
    {
        string path = _dir.File("trace.log");
        File.WriteAllText(path, trace);
        return StatsCollector.Read(path, filter: null, perProcess, top: null);
    }
}
