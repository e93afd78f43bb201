using Sysrec.Decoding;
using Sysrec.Tracing;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// The syscall signatures: well-known calls as the kernel declares them, and the committed
/// syscall-signatures.tsv against this kernel's tracefs, so a kernel that changed a call's arguments
/// fails here until scripts/snapshot-kernel is run again.
/// </summary>
public sealed class SyscallSignatureTests
{
    private const string Events = "/sys/kernel/tracing/events/syscalls";

    [Theory]
    [InlineData("x86_64", "openat", "int dfd, const char * filename, int flags, umode_t mode")]
    [InlineData("x86_64", "read", "unsigned int fd, char * buf, size_t count")]
    [InlineData("x86_64", "execve", "const char * filename, const char *const * argv, const char *const * envp")]
    [InlineData("x86_64", "getpid", "")]
    [InlineData("x86_64", "umount2", "char * name, int flags")]
    [InlineData("i386", "openat", "int dfd, const char * filename, int flags, umode_t mode")]
    [InlineData("i386", "_llseek", "unsigned int fd, unsigned long offset_high, unsigned long offset_low, loff_t * result, unsigned int whence")]
    [InlineData("i386", "mmap2", "unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags, unsigned long fd, unsigned long pgoff")]
    [InlineData("i386", "socketcall", "int call, unsigned long * args")]
    [InlineData("i386", "stat64", "const char * filename, struct stat64 * statbuf")]
    [InlineData("i386", "ipc", "unsigned int call, int first, unsigned long second, unsigned long third, void * ptr, long fifth")]
    public void WellKnownCallsAreAsTheKernelDeclaresThem(string abi, string name, string arguments)
    {
        SyscallSignature? signature = SyscallSignatures.Of(abi == "i386" ? SyscallAbi.I386 : SyscallAbi.Native, name);

        Assert.NotNull(signature);
        Assert.Equal(arguments, signature.ToString());
    }

    [Fact]
    public void NumbersFindTheirCall()
    {
        // 257 is x86_64's openat, 295 i386's; 140 i386's _llseek.
        Assert.Equal("openat", SyscallSignatures.Of(SyscallAbi.Native, 257)?.Name);
        Assert.Equal("openat", SyscallSignatures.Of(SyscallAbi.I386, 295)?.Name);
        Assert.Equal("_llseek", SyscallSignatures.Of(SyscallAbi.I386, 140)?.Name);
        Assert.Equal("fd"u8.ToArray(), SyscallSignatures.Of(SyscallAbi.I386, 140)!.Arguments[0].Utf8Name.ToArray());
        Assert.Null(SyscallSignatures.Of(SyscallAbi.Native, 100_000));
        Assert.Null(SyscallSignatures.Of(SyscallAbi.Native, -1));
    }

    [Fact]
    public void TheCommittedFileAgreesWithThisKernelsTracefs()
    {
        if (!Directory.Exists(Events))
            Assert.Skip($"{Events} is not there: tracefs is not mounted (make test mounts it)");
        List<string> changed = [];
        HashSet<string> known = [];
        foreach (SyscallAbi abi in new[] { SyscallAbi.Native, SyscallAbi.I386 })
        {
            foreach (SyscallSignature signature in SyscallSignatures.All(abi).Values)
            {
                if (!signature.Source.StartsWith("tracefs:", StringComparison.Ordinal))
                    continue;
                string tracepoint = signature.Source["tracefs:".Length..];
                known.Add(tracepoint);
                string format = Path.Combine(Events, tracepoint, "format");
                if (!File.Exists(format))
                    continue;
                string kernel = string.Join(", ", Fields(format));
                if (kernel != signature.ToString())
                    changed.Add($"{abi} {signature.Name}: the file has ({signature}), this kernel ({kernel})");
            }
        }
        string[] added = [.. Directory.GetDirectories(Events, "sys_enter_*").Select(Path.GetFileName).Where(name => !known.Contains(name!)).Order()!];
        TestContext.Current.TestOutputHelper?.WriteLine($"tracepoints the file does not use (calls newer than its headers, or not in a table): {string.Join(" ", added)}");
        Assert.True(changed.Count == 0, $"run scripts/snapshot-kernel: the kernel changed these calls:\n{string.Join("\n", changed)}");
    }

    // "field:const char * filename;	offset:24;..." after __syscall_nr, as "const char * filename".
    private static IEnumerable<string> Fields(string format) =>
        File.ReadLines(format)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("field:", StringComparison.Ordinal) && !line.Contains("common_") && !line.Contains("__syscall_nr"))
            .Select(line => line["field:".Length..line.IndexOf(';')]);
}
