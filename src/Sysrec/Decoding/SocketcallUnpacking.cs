using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Decoding;

/// <summary>
/// An i386 socketcall(SYS_SOCKET, args) shown as strace shows it, as the call it makes: socket(AF_UNIX, ...).
/// The enter record is rewritten in place to that call's i386 number with the array's words as its
/// registers, so that every reader (the strace text, the fd table, JSON) takes it as that call. The
/// array's capture is then no argument's: the call's own pointers were not read, and print as addresses.
/// </summary>
internal static class SocketcallUnpacking
{
    private static readonly int ArgsOffset = (int)Marshal.OffsetOf<EnterRecord>(nameof(EnterRecord.Args));
    private static readonly int EnterSize = System.Runtime.CompilerServices.Unsafe.SizeOf<EnterRecord>();
    private static readonly long s_socketcall = SyscallTable.TryNumber(SyscallAbi.I386, "socketcall", out long number) ? number : -1;

    // By SYS_* value (linux/net.h), the i386 number of the call of the same name; -1 where i386 has none (send, recv).
    private static readonly long[] s_calls = Calls();

    /// <summary>Rewrites a held enter record of socketcall into the call it makes; leaves any other record, or one whose array was not read, as it is.</summary>
    public static void Apply(Span<byte> enter)
    {
        ref EnterRecord record = ref MemoryMarshal.AsRef<EnterRecord>(enter);
        if (record.Header.Abi != SyscallAbi.I386 || record.Header.SyscallId != s_socketcall)
            return;
        Span<ulong> registers = MemoryMarshal.Cast<byte, ulong>(enter.Slice(ArgsOffset, 6 * sizeof(ulong)));
        ulong call = registers[0];
        if (call >= (ulong)s_calls.Length || s_calls[call] < 0 || !TryFindArray(enter[EnterSize..], out int offset, out ReadOnlySpan<byte> words))
            return;
        for (int i = 0; i < registers.Length; i++)
            registers[i] = i * 4 + 4 <= words.Length ? BinaryPrimitives.ReadUInt32LittleEndian(words[(i * 4)..]) : 0;
        record.Header.SyscallId = s_calls[call];
        enter[EnterSize + offset] = CaptureSet.NoArgument;
    }

    // The array's capture (argument 1, read whole) and where its header is among the entry captures.
    private static bool TryFindArray(ReadOnlySpan<byte> captures, out int offset, out ReadOnlySpan<byte> words)
    {
        var set = new CaptureSet(captures);
        offset = 0;
        foreach (Capture capture in set)
        {
            if (capture.Argument == 1 && !capture.Unreadable)
            {
                words = capture.Data;
                return true;
            }
            offset = Align(offset + CaptureSet.HeaderSize + capture.Data.Length);
        }
        words = default;
        return false;
    }

    private static int Align(int offset) => (offset + 7) & ~7;

    private static long[] Calls()
    {
        ConstantSet set = ConstantSets.SocketCalls;
        var calls = new long[(int)Enumerable.Range(0, set.Count).Max(set.Value) + 1];
        Array.Fill(calls, -1);
        for (int i = 0; i < set.Count; i++)
        {
            string name = System.Text.Encoding.ASCII.GetString(set.Name(i))["SYS_".Length..].ToLowerInvariant();
            if (SyscallTable.TryNumber(SyscallAbi.I386, name, out long number))
                calls[set.Value(i)] = number;
        }
        return calls;
    }
}
