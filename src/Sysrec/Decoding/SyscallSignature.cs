namespace Sysrec.Decoding;

/// <summary>
/// What a syscall takes: its arguments in register order. <see cref="Source"/> says where they were read:
/// <c>tracefs:sys_enter_openat</c> (the kernel's tracepoint format), <c>syscalls.h:sys_llseek</c> (the
/// kernel's prototype, for i386 calls with no tracepoint), <c>x86_64:pread64</c> (the x86_64 call of the
/// same name, for i386 calls whose wrapper no header declares: a 64-bit argument there takes two
/// registers), or <c>none</c> (no arguments known).
/// </summary>
internal sealed class SyscallSignature(string name, string source, SyscallArgument[] arguments)
{
    public string Name { get; } = name;

    public string Source { get; } = source;

    public IReadOnlyList<SyscallArgument> Arguments { get; } = arguments;

    /// <summary>The arguments as tracefs writes them, joined: <c>int dfd, const char * filename, int flags, umode_t mode</c>.</summary>
    public override string ToString() => string.Join(", ", Arguments);
}
