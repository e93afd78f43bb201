using Sysrec.Syscalls;

namespace Sysrec.Kernel;

/// <summary>
/// The per-syscall maps, <c>syscall_filter</c> (-e) and <c>path_arg_positions</c> (--paths): a byte per
/// syscall, at slot abi * <see cref="Numbers"/> + number (SYSREC_FILTER_SLOTS in bpf/sysrec.h).
/// </summary>
internal static class SyscallSlots
{
    /// <summary>SYSREC_FILTER_NUMBERS: the syscall numbers of each table that have a slot.</summary>
    public const int Numbers = 1024;

    /// <summary>Every slot of the filter a syscall it keeps goes through; a negated filter keeps numbers no table names too.</summary>
    public static IEnumerable<(SyscallAbi Abi, long Number, byte Value)> Kept(SyscallFilter filter)
    {
        foreach (SyscallAbi abi in (SyscallAbi[])[SyscallAbi.Native, SyscallAbi.I386])
        {
            for (long number = 0; number < Numbers; number++)
            {
                if (filter.Keeps(abi, number))
                    yield return (abi, number, 1);
            }
        }
    }

    /// <summary>Sets the slots of <paramref name="map"/> to their values.</summary>
    public static void Fill(BpfMap map, IEnumerable<(SyscallAbi Abi, long Number, byte Value)> slots)
    {
        foreach ((SyscallAbi abi, long number, byte value) in slots)
        {
            // Numbers past the slots are never recorded while filtering, nor their paths read; none exist today.
            if (number >= Numbers)
                continue;
            uint slot = (uint)abi * Numbers + (uint)number;
            if (!map.TryUpdate(slot, value, Interop.Libbpf.BPF_ANY, out int error))
                throw BpfFailure.Refused($"cannot fill the BPF map {map.Name}", error);
        }
    }
}
