namespace Sysrec.Tests.Integration;

/// <summary>What a user sees when the recorder cannot do its work: one clear line, a non-zero code, no stack trace.</summary>
[Collection(KernelCollection.Name)]
public sealed class ErrorTests
{
    [Fact]
    public void WithoutPrivilegeItSaysSoAndWhatToDo()
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command("setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", Repository.Sysrec, "record", "-o", "/tmp/x", "bash"], dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sysrec: cannot load the BPF tracer: permission denied", result.Stderr);
        Assert.Contains("root", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void MoreNamesThanTheListHoldsIsAUsageError()
    {
        using var dir = new TempDirectory();
        IEnumerable<string> names = Enumerable.Range(0, 65537).Select(i => $"p{i}");
        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-q", "-o", "trace.log", .. names], dir.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("too many program names: 65537 given, the list holds at most 65536", result.Stderr);
        Assert.False(File.Exists(dir.File("trace.log")), "a trace file was left behind");
    }

    [Fact]
    public void UnwritableOutputIsNamed()
    {
        using var dir = new TempDirectory();
        CommandResult result = Run.Command(Repository.Sysrec, ["record", "-o", "/nonexistent/dir/trace.log", "bash"], dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sysrec: cannot write /nonexistent/dir/trace.log", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void NoProgramIsAUsageError()
    {
        CommandResult result = Run.Command(Repository.Sysrec, ["record"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("sysrec: ", result.Stderr);
        Assert.Contains("sysrec record --help", result.Stderr);
    }
}
