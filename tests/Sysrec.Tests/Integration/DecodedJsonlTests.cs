using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sysrec.IO;
using Sysrec.Trace;

namespace Sysrec.Tests.Integration;

/// <summary>
/// `sysrec run --decode --format jsonl`: each call's <c>decoded</c> values and <c>err</c>, the fds named
/// as `strace -f -yy` names them on the same workload, the values what the workload passed, and every
/// command that reads recordings reading such a recording.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed partial class DecodedJsonlTests
{
    private const double NamedFdsAlike = 0.99;

    [Theory]
    [InlineData("decode_files.c", "work")]
    [InlineData("decode_net.c")]
    [InlineData("decode_waits.c")]
    public void EveryFdIsNamedAsStraceNamesIt(string source, params string[] arguments)
    {
        string workload = Workloads.Build(source, "sr_" + Path.GetFileNameWithoutExtension(source), "-pthread");
        using var straceDirectory = new TempDirectory();
        using var sysrecDirectory = new TempDirectory();
        Traced(straceDirectory, ["strace", "-f", "-yy", "-s", "32", "-o", straceDirectory.File("out.txt"), workload, .. arguments]);
        Traced(sysrecDirectory, [Repository.Sysrec, "run", "-q", "--decode", "--format", "jsonl", "-o", sysrecDirectory.File("out.jsonl"), "--", workload, .. arguments]);

        List<string> strace = [.. StraceTranscript.Read(straceDirectory.File("out.txt"), straceDirectory.Path).Lines
            .SelectMany(line => StraceFd().Matches(line.Text).Select(match => $"{line.Name} {match.Value}"))];
        List<string> sysrec = [.. Calls(sysrecDirectory.File("out.jsonl")).SelectMany(call => call.Decoded.Fds()
            .Select(fd => StraceName(fd, sysrecDirectory.Path)).OfType<string>().Select(name => $"{call.Name} {name}"))];

        Assert.NotEmpty(strace);
        var left = strace.CountBy(name => name).ToDictionary();
        var right = sysrec.CountBy(name => name).ToDictionary();
        int same = left.Sum(pair => Math.Min(pair.Value, right.GetValueOrDefault(pair.Key)));
        int total = Math.Max(strace.Count, sysrec.Count);
        string differences = string.Join("\n", left.Where(pair => pair.Value != right.GetValueOrDefault(pair.Key))
            .Select(pair => $"  strace {pair.Value}, sysrec {right.GetValueOrDefault(pair.Key)}: {pair.Key}")
            .Concat(right.Where(pair => !left.ContainsKey(pair.Key)).Select(pair => $"  sysrec only {pair.Value}: {pair.Key}")));
        Assert.True(same >= NamedFdsAlike * total, $"{same} of {total} fds named alike:\n{differences}");
    }

    [Fact]
    public void TheValuesAreWhatTheCallsWereGiven()
    {
        string workload = Workloads.Build("decode_files.c", "sr_decode_files", "-pthread");
        using var directory = new TempDirectory();
        Traced(directory, [Repository.Sysrec, "run", "-q", "--decode", "--format", "jsonl", "-o", directory.File("out.jsonl"), "--", workload, "work"]);
        string[] lines = File.ReadAllLines(directory.File("out.jsonl"));

        // open("text.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644), which the C library makes an openat.
        JsonElement created = Decoded(lines, "openat", call => Filename(call) == "text.txt");
        Assert.Equal(["O_WRONLY", "O_CREAT", "O_TRUNC"], created.GetProperty("flags").EnumerateArray().Select(flag => flag.GetString()));
        Assert.Equal("0644", created.GetProperty("mode").GetString());
        Assert.Equal("file", created.GetProperty("return").GetProperty("type").GetString());
        Assert.Equal(directory.File("work/text.txt"), created.GetProperty("return").GetProperty("path").GetString());

        // open("missing.txt", O_RDONLY): no mode without O_CREAT, no fd returned, the errno by name.
        JsonElement missing = Call(lines, "openat", call => Filename(call) == "missing.txt");
        Assert.Equal("ENOENT", missing.GetProperty("err").GetString());
        Assert.False(missing.GetProperty("decoded").TryGetProperty("mode", out _));
        Assert.False(missing.GetProperty("decoded").TryGetProperty("return", out _));

        // read(99, buf, 10): an fd no table knows is its number alone.
        JsonElement badRead = Call(lines, "read", call => call.GetProperty("args")[0].GetUInt64() == 99);
        Assert.Equal("EBADF", badRead.GetProperty("err").GetString());
        Assert.Equal("""{"fd":99}""", badRead.GetProperty("decoded").GetProperty("fd").GetRawText());

        // openat(AT_FDCWD, (char *)8, O_RDONLY): an address the kernel cannot read is that number.
        JsonElement fault = Call(lines, "openat", call => call.GetProperty("args")[1].GetUInt64() == 8);
        Assert.Equal("EFAULT", fault.GetProperty("err").GetString());
        Assert.Equal(8, fault.GetProperty("decoded").GetProperty("filename").GetInt64());
        Assert.Equal("cwd", fault.GetProperty("decoded").GetProperty("dfd").GetProperty("type").GetString());

        // Writes longer than -s (32) keep 32 bytes and say so; shorter ones are whole.
        JsonElement[] writes = [.. lines.Select(Parse).Where(call => Name(call) == "write" && call.GetProperty("ret").GetInt64() > 0)];
        Assert.Contains(writes, call => call.GetProperty("decoded").GetProperty("buf").GetString()!.Length == 32
            && call.GetProperty("decoded_truncated").EnumerateArray().Any(name => name.GetString() == "buf"));
        Assert.Contains(writes, call => !call.TryGetProperty("decoded_truncated", out _));

        // Every call carries its decoded values; only the failed ones an err.
        Assert.All(lines.Skip(1).Select(Parse), call =>
        {
            Assert.True(call.TryGetProperty("decoded", out _), call.GetRawText());
            Assert.Equal(call.GetProperty("ret").ValueKind == JsonValueKind.Number && call.GetProperty("ret").GetInt64() is < 0 and >= -4095,
                call.TryGetProperty("err", out _));
        });
    }

    [Fact]
    public void EveryCommandThatReadsRecordingsReadsADecodedOne()
    {
        string workload = Workloads.Build("decode_net.c", "sr_decode_net", "-pthread");
        using var directory = new TempDirectory();
        Traced(directory, [Repository.Sysrec, "run", "-q", "--decode", "--format", "jsonl", "-o", directory.File("out.jsonl"), "--", workload]);
        int calls = File.ReadAllLines(directory.File("out.jsonl")).Length - 1;

        CommandResult stats = Run.Command(Repository.Sysrec, ["stats", "--format", "json", directory.File("out.jsonl")]);
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        Assert.Equal(calls, JsonDocument.Parse(stats.Stdout).RootElement.GetProperty("total").GetProperty("calls").GetInt64());
        foreach (string[] command in new string[][]
        {
            ["split", directory.File("out.jsonl"), "-d", directory.File("split")],
            ["seccomp", directory.File("out.jsonl"), "-o", directory.File("profile.json")],
            ["report", directory.File("out.jsonl"), "-o", directory.File("report.html")],
            ["export", directory.File("out.jsonl"), "-o", directory.File("out.parquet")],
            ["export", directory.File("out.jsonl"), "--format", "lidds", "-o", directory.File("out.sc")],
        })
        {
            CommandResult result = Run.Command(Repository.Sysrec, command);
            Assert.True(result.ExitCode == 0, $"{command[0]}: {result.Stderr}");
            Assert.DoesNotContain("warning", result.Stderr, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains($"{calls} calls exported", Run.Command(Repository.Sysrec, ["export", directory.File("out.jsonl"), "-o", directory.File("again.parquet")]).Stderr);
    }

    // A file's, a device's, a pipe's or an inet socket's fd as strace -yy names it, normalized as StraceTranscript
    // normalizes strace's lines; null for the kinds strace's lines are not compared on here.
    private static string? StraceName(DecodedFd fd, string directory)
    {
        string? name = fd.Type switch
        {
            "file" => fd.PathText!.Replace(directory, "DIR", StringComparison.Ordinal),
            "chardev" => $"{fd.PathText}<char {fd.Major}:{fd.Minor}>",
            "pipe" => "pipe[N]",
            "socket" when fd.Proto is "TCP" or "UDP" or "TCPv6" or "UDPv6" =>
                $"{fd.Proto}[{(fd.Src is null ? "N" : Digits().Replace(fd.Src + (fd.Dst is null ? "" : "->" + fd.Dst), "N"))}]",
            _ => null,
        };
        return name is null ? null : $"{fd.Fd}<{name}>";
    }

    private static IEnumerable<(string Name, DecodedArguments Decoded)> Calls(string path)
    {
        using TraceReader reader = TraceReader.Open(RecordingFiles.From([path], lenient: false, TextWriter.Null));
        List<(string, DecodedArguments)> calls = [];
        while (reader.TryRead(out TraceEvent call))
        {
            if (call.ReadDecoded() is DecodedArguments decoded)
                calls.Add((Encoding.ASCII.GetString(Syscalls.SyscallTable.Utf8Name(call.Syscall.Abi, call.Syscall.Number)), decoded));
        }
        return calls;
    }

    private static void Traced(TempDirectory directory, string[] command)
    {
        Directory.CreateDirectory(directory.File("work"));
        CommandResult result = Run.Command("env", ["--default-signal=PIPE", "/bin/sh", "-c", "exec \"$@\" </dev/null >/dev/null", "sh", .. command], directory.Path);
        Assert.True(result.ExitCode == 0, $"{Path.GetFileName(command[0])} exited with {result.ExitCode}: {result.Stderr}");
    }

    private static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement;

    private static string? Name(JsonElement call) => call.TryGetProperty("name", out JsonElement name) ? name.GetString() : null;

    private static string? Filename(JsonElement call) =>
        call.GetProperty("decoded").TryGetProperty("filename", out JsonElement name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;

    private static JsonElement Call(string[] lines, string name, Func<JsonElement, bool> which) =>
        lines.Select(Parse).First(call => Name(call) == name && which(call));

    private static JsonElement Decoded(string[] lines, string name, Func<JsonElement, bool> which) => Call(lines, name, which).GetProperty("decoded");

    // An fd named as a file, device, pipe or inet socket in strace's normalized text (TCP[N.N.N.N:N], pipe[N]).
    [GeneratedRegex(@"\b\d+<(?:(?:/|DIR)[^<>]*(?:<char \d+:\d+>)?|pipe\[N\]|(?:TCP|UDP|TCPv6|UDPv6)\[(?:[^\[\]]|\[[^\]]*\])*\])>")]
    private static partial Regex StraceFd();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
