using System.Net;
using System.Text.RegularExpressions;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Reporting;

/// <summary>
/// `sysrec report` of a `--decode --format jsonl` recording lists the files and sockets each process used,
/// with as many calls as `strace -f -yy` shows naming each on the same workload.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed partial class ReportResourcesTests
{
    [Theory]
    [InlineData("decode_files.c", "work")]
    [InlineData("decode_net.c")]
    public void EachProcessListsWhatItUsedInAsManyCallsAsStraceShows(string source, params string[] arguments)
    {
        string workload = Workloads.Build(source, "sr_" + Path.GetFileNameWithoutExtension(source), "-pthread");
        using var straceDirectory = new TempDirectory();
        using var sysrecDirectory = new TempDirectory();
        Traced(straceDirectory, ["strace", "-f", "-yy", "-o", straceDirectory.File("out.txt"), workload, .. arguments]);
        Traced(sysrecDirectory, [Repository.Sysrec, "run", "-q", "--decode", "--format", "jsonl", "-o", sysrecDirectory.File("out.jsonl"), "--", workload, .. arguments]);
        CommandResult report = Run.Command(Repository.Sysrec, ["report", sysrecDirectory.File("out.jsonl"), "-o", sysrecDirectory.File("report.html")]);
        Assert.True(report.ExitCode == 0, report.Stderr);

        // Per process, busiest first in the report and by pid in strace's lines: the calls that name each file, and those that name a TCP socket.
        Dictionary<string, long>[] listed = [.. Cards(File.ReadAllText(sysrecDirectory.File("report.html")))
            .OrderBy(card => card.Pid).Select(card => Tally(card.Rows, sysrecDirectory.Path))];
        Dictionary<string, long>[] strace = [.. File.ReadAllLines(straceDirectory.File("out.txt"))
            .Select(line => StraceLine().Match(line)).Where(match => match.Success)
            .GroupBy(match => int.Parse(match.Groups[1].Value)).OrderBy(group => group.Key)
            .Select(group => StraceTally(group.Select(match => match.Groups[2].Value), straceDirectory.Path))
            .Where(tally => tally.Count > 0)];

        Assert.Equal(strace.Length, listed.Count(tally => tally.Count > 0));
        for (int i = 0; i < strace.Length; i++)
            Assert.Equal(strace[i].OrderBy(pair => pair.Key), listed.Where(tally => tally.Count > 0).ElementAt(i).OrderBy(pair => pair.Key));
    }

    [Fact]
    public void ARecordingWithoutDecodedValuesHasNoSuchSection()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("plain.jsonl"), NativeJsonl.Of("""
            {"ts_ns":1,"pid":10,"tid":10,"comm":"cat","abi":"x86_64","nr":0,"name":"read","args":[0,1,2,3,4,5],"ret":-2,"dur_ns":250}

            """));
        Assert.Equal(0, Run.Command(Repository.Sysrec, ["report", directory.File("plain.jsonl"), "-o", directory.File("report.html")]).ExitCode);
        Assert.DoesNotContain("Files and sockets", File.ReadAllText(directory.File("report.html")));
    }

    [Fact]
    public void AHostilePathIsText()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("hostile.jsonl"), NativeJsonl.Of("""
            {"ts_ns":1,"pid":10,"tid":10,"comm":"cat","abi":"x86_64","nr":0,"name":"read","args":[3,1,2,3,4,5],"ret":2,"dur_ns":250,"decoded":{"fd":{"fd":3,"type":"file","path":"/tmp/<script>x</script>"},"buf":"ab","count":2}}

            """));
        Assert.Equal(0, Run.Command(Repository.Sysrec, ["report", directory.File("hostile.jsonl"), "-o", directory.File("report.html")]).ExitCode);
        string html = File.ReadAllText(directory.File("report.html"));
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("/tmp/&lt;script&gt;x&lt;/script&gt;", html);
    }

    private static Dictionary<string, long> Tally(IEnumerable<(string Name, long Calls)> rows, string directory)
    {
        var tally = new Dictionary<string, long>();
        foreach ((string name, long calls) in rows)
        {
            string key = name.StartsWith("socket TCP:", StringComparison.Ordinal) ? "TCP" : name.StartsWith("socket ", StringComparison.Ordinal) ? "" : name.Replace(directory, "DIR", StringComparison.Ordinal);
            if (key.Length > 0)
                tally[key] = tally.GetValueOrDefault(key) + calls;
        }
        return tally;
    }

    // A line's calls: once per file it names, once if it names any TCP socket.
    private static Dictionary<string, long> StraceTally(IEnumerable<string> calls, string directory)
    {
        var tally = new Dictionary<string, long>();
        foreach (string call in calls)
        {
            foreach (string file in FileFd().Matches(call).Select(match => match.Groups[1].Value.Replace(directory, "DIR", StringComparison.Ordinal)).Distinct())
                tally[file] = tally.GetValueOrDefault(file) + 1;
            if (call.Contains("<TCP:[", StringComparison.Ordinal))
                tally["TCP"] = tally.GetValueOrDefault("TCP") + 1;
        }
        return tally;
    }

    private static IEnumerable<(int Pid, List<(string Name, long Calls)> Rows)> Cards(string html)
    {
        string section = Regex.Match(html, "<section id=\"files\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        foreach (Match card in Card().Matches(section))
        {
            List<(string, long)> rows = [.. Row().Matches(card.Groups[2].Value).Select(row => (WebUtility.HtmlDecode(row.Groups[1].Value), long.Parse(row.Groups[2].Value)))];
            yield return (int.Parse(card.Groups[1].Value), rows);
        }
    }

    private static void Traced(TempDirectory directory, string[] command)
    {
        Directory.CreateDirectory(directory.File("work"));
        CommandResult result = Run.Command("env", ["--default-signal=PIPE", "/bin/sh", "-c", "exec \"$@\" </dev/null >/dev/null", "sh", .. command], directory.Path);
        Assert.True(result.ExitCode == 0, $"{Path.GetFileName(command[0])} exited with {result.ExitCode}: {result.Stderr}");
    }

    [GeneratedRegex(@"^(\d+)\s+(?!\+\+\+|---)(.*)$")]
    private static partial Regex StraceLine();

    // A file's, a directory's or a device's fd: 3</etc/passwd>, 0</dev/null<char 1:3>>.
    [GeneratedRegex(@"\b\d+<(/[^<>]*)(?:<(?:char|block) \d+:\d+>)?>")]
    private static partial Regex FileFd();

    [GeneratedRegex(@"<div class=""card""><h3>[^<]*:(\d+)</h3>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex Card();

    [GeneratedRegex(@"<tr><td class=""syscall"">(.*?)</td><td class=""num"">(\d+)</td></tr>")]
    private static partial Regex Row();
}
