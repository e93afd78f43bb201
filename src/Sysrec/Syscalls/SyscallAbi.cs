namespace Sysrec.Syscalls;

/// <summary>The syscall table a record's number belongs to (SYSREC_ABI_* in bpf/sysrec.h).</summary>
internal enum SyscallAbi : uint
{
    /// <summary>The kernel's own table: x86_64 on an x86_64 machine.</summary>
    Native = 0,
    /// <summary>A 32-bit process, or <c>int 0x80</c> from 64-bit code.</summary>
    I386 = 1,
}
