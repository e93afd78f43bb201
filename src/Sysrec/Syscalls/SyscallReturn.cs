namespace Sysrec.Syscalls;

/// <summary>What a syscall's raw return value says.</summary>
internal static class SyscallReturn
{
    // The kernel's failures are -4095..-1 (IS_ERR_VALUE); strace counts errors the same way, so a
    // negative return outside that range (F_GETOWN's process group) is not one.
    private const long MaxErrno = 4095;

    public static bool IsError(long ret) => ret is >= -MaxErrno and < 0;
}
