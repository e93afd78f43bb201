using Sysrec.Syscalls;

namespace Sysrec.Tests.Integration;

/// <summary>
/// -e with strace's classes and '!' on the real kernel, against strace itself as the truth: on one
/// workload that makes calls of every class, the syscalls sysrec records under an expression are the
/// ones strace shows under it.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class SyscallClassTests
{
    [Theory]
    [InlineData("%file")]
    [InlineData("%desc")]
    [InlineData("%network")]
    [InlineData("%process")]
    [InlineData("%signal")]
    [InlineData("%memory")]
    [InlineData("%ipc")]
    [InlineData("!%file")]
    [InlineData("!%desc,%memory,getpid")]
    public void RecordsWhatStraceShowsUnderTheSameExpression(string expression)
    {
        string workload = Workloads.Build("class_mix.c", "sr_class_mix");
        using var straceDirectory = new TempDirectory();
        HashSet<string> strace = Strace.SyscallNamesOf(["-e", $"trace={expression}"], straceDirectory.Path, workload);

        Recording recording = Recording.OfCommand(["-f", "-e", expression], workload);

        Assert.Equal(0, recording.Recorder.ExitCode);
        HashSet<string> recorded = [.. recording.Entries.Select(entry => SyscallTable.Name(SyscallAbi.Native, entry.SyscallId) ?? $"{entry.SyscallId}")];
        // sysrec starts with the command's first call after its exec, which strace shows.
        if (!recorded.Contains("execve"))
            strace.Remove("execve");
        Assert.True(strace.Count >= 3, $"the workload made too few {expression} calls to tell: {string.Join(", ", strace)}");
        Assert.Equal(strace.Order(), recorded.Order());
    }
}
