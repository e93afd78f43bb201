using System.Text;
using Sysrec.Decoding;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// errno names and messages against strace itself: strace injects each code into a getppid
/// (<c>-e inject=getppid:error=N</c>) and prints the failure its way; Errno.WriteFailure must print the
/// same, for every code the headers name, the restart codes, and codes nothing names.
/// </summary>
public sealed class ErrnoTests
{
    [Fact]
    public void EveryCodeIsPrintedAsStracePrintsIt()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_getppid_loop");
        int[] codes = [.. Enumerable.Range(1, 140), .. Enumerable.Range(510, 25), 600, 4095];
        var differences = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(codes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, code =>
        {
            CommandResult result = Run.Command("strace", ["-qq", "-e", "trace=getppid", "-e", $"inject=getppid:error={code}", workload, "1"]);
            Assert.True(result.ExitCode == 0, result.Stderr);
            string line = result.Stderr.Split('\n').Single(l => l.StartsWith("getppid(", StringComparison.Ordinal));
            string strace = StraceCalls.Result(line).Replace(" (INJECTED)", "", StringComparison.Ordinal);
            string ours = Failure(code);
            if (ours != strace)
                differences.Add($"{code}: strace '{strace}', sysrec '{ours}'");
        });
        Assert.True(differences.IsEmpty, string.Join("\n", differences.Order()));
    }

    [Fact]
    public void NamesAndMessagesAreTheHeadersAndTheCLibrarys()
    {
        Assert.Equal("ENOENT", Encoding.ASCII.GetString(Errno.Name(2)));
        Assert.Equal("No such file or directory", Encoding.ASCII.GetString(Errno.Message(2)));
        // EWOULDBLOCK and EDEADLOCK are the headers' aliases; strace prints the names they stand for.
        Assert.Equal("EAGAIN", Encoding.ASCII.GetString(Errno.Name(11)));
        Assert.Equal("EDEADLK", Encoding.ASCII.GetString(Errno.Name(35)));
        Assert.Equal("ERESTARTSYS", Encoding.ASCII.GetString(Errno.Name(512)));
        Assert.True(Errno.Name(0).IsEmpty);
        Assert.True(Errno.Name(-2).IsEmpty);
    }

    private static string Failure(int code)
    {
        var writer = new Utf8SpanWriter(new byte[256]);
        Errno.WriteFailure(ref writer, code);
        return Encoding.UTF8.GetString(writer.Written);
    }
}
