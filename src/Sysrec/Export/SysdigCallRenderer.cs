using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using Sysrec.Decoding;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Export;

/// <summary>
/// A decoded call's parameters as sysdig writes them for LID-DS, from what the kernel read of the call
/// and the fd table kept from the calls before it: <c>fd=3(&lt;f&gt;/etc/passwd)</c> with sysdig's letter for
/// what the fd is, <c>name=lib(/usr/lib)</c> with the absolute path of a relative one,
/// <c>flags=4097(O_RDONLY|O_CLOEXEC)</c> and <c>mode=0644</c> in sysdig's encoding, <c>res=-2(ENOENT)</c>,
/// <c>data=</c> the buffer (up to -s bytes) in base64, and the numbers the registers hold. A parameter the
/// call does not give (a path that could not be read, an fd the table does not know) is left out or
/// written without what sysdig adds after it, never guessed.
/// </summary>
internal sealed class SysdigCallRenderer(FdTracker descriptors)
{
    // Room a parameter needs besides what its own bytes take.
    private const int Margin = 64;

    private static readonly ulong s_directoryFlag = SysdigFlags.KernelFlag("O_DIRECTORY");

    /// <summary>The entry line's parameters, against the fd table as it is before the call.</summary>
    public void WriteEntry(ref SysdigLine line, in DecodedCall call, SysdigEvent? sysdigEvent)
    {
        if (sysdigEvent is null)
            return;
        SyscallSignature? signature = SyscallSignatures.Of(call.Abi, call.Number);
        for (int i = 0; i < sysdigEvent.Entry.Count; i++)
            Parameter(ref line, call, sysdigEvent.Entry, i, signature, exit: false, newComm: default);
    }

    /// <summary>The exit line's parameters, against the fd table as the call left it.</summary>
    /// <param name="newComm">An exec's new comm, which its exit line carries; empty for other calls.</param>
    public void WriteExit(ref SysdigLine line, in DecodedCall call, SysdigEvent? sysdigEvent, scoped ReadOnlySpan<byte> newComm)
    {
        if (sysdigEvent is null)
            return;
        SyscallSignature? signature = SyscallSignatures.Of(call.Abi, call.Number);
        for (int i = 0; i < sysdigEvent.Exit.Count; i++)
            Parameter(ref line, call, sysdigEvent.Exit, i, signature, exit: true, newComm);
    }

    /// <summary>
    /// The comm a successful exec gives its thread: the last part of the path it ran, at most 15 bytes, as
    /// the kernel takes it; empty for another call or when the path was not read.
    /// </summary>
    public static ReadOnlySpan<byte> ExecComm(in DecodedCall call)
    {
        string? name = SyscallTable.Name(call.Abi, call.Number);
        if (name is not ("execve" or "execveat") || !call.Returned || call.Ret != 0)
            return default;
        int argument = name == "execve" ? 0 : 1;
        if (!call.AtEntry.TryGet(argument, out Capture path) || path.Unreadable || path.Kind != CaptureKind.String || path.Data.IsEmpty)
            return default;
        ReadOnlySpan<byte> last = path.Data[(path.Data.LastIndexOf((byte)'/') + 1)..];
        return last[..Math.Min(last.Length, TaskComm.Length - 1)];
    }

    private void Parameter(ref SysdigLine line, in DecodedCall call, IReadOnlyList<SysdigParameter> side, int index,
        SyscallSignature? signature, bool exit, scoped ReadOnlySpan<byte> newComm)
    {
        SysdigParameter parameter = side[index];
        // The first exit parameter is what the call returned: res, or the fd it made.
        if (exit && index == 0 && parameter.Name is "res" or "fd")
        {
            if (!call.Returned)
                return;
            line.Numeric(parameter, (ulong)call.Ret, returned: true);
            if (parameter.Type == "PT_FD" && call.Ret >= 0)
                WriteFdName(ref line, call.Tid, (int)call.Ret);
            return;
        }
        if (exit && ExecParameter(ref line, call, parameter, newComm))
            return;
        if (parameter.Type == "PT_SOCKTUPLE")
        {
            WriteTuple(ref line, call, parameter, exit);
            return;
        }
        // pipe's and socketpair's fds, from the array the call filled.
        if (exit && parameter.Name is "fd1" or "fd2" && parameter.Type == "PT_FD")
        {
            WriteArrayFd(ref line, call, parameter, parameter.Name == "fd1" ? 0 : 1);
            return;
        }
        if (SysdigArguments.Of(parameter, signature) is not int argument)
            return;
        ulong raw = call.Arg(argument);
        switch (parameter.Type)
        {
            case "PT_FD":
                line.Numeric(parameter, raw, returned: false);
                if ((int)raw >= 0)
                    WriteFdName(ref line, call.Tid, (int)raw);
                break;
            case "PT_FSPATH" or "PT_FSRELPATH":
                WritePath(ref line, call, parameter, argument, side);
                break;
            case "PT_BYTEBUF" when parameter.Name == "data":
                WriteBuffer(ref line, call, parameter, argument);
                break;
            case "PT_FLAGS32" when parameter.Table == SysdigFlags.OpenFlagsTable && SyscallTable.Name(call.Abi, call.Number) is "open" or "openat":
                WriteFlags(ref line, parameter, SysdigFlags.FromOpenFlags(raw));
                break;
            case "PT_FLAGS32" when parameter.Table == SysdigFlags.SocketFamiliesTable:
                // sysdig's address families are the kernel's numbers.
                WriteFlags(ref line, parameter, (uint)raw);
                break;
            default:
                if (parameter.Format == "PF_OCT")
                    WriteMode(ref line, call, parameter, raw, side, signature);
                else
                    line.Numeric(parameter, raw, returned: false);
                break;
        }
    }

    private static void WriteFlags(ref SysdigLine line, SysdigParameter parameter, uint value)
    {
        line.Name(parameter);
        line.Number(value);
        SysdigFlags.WriteNames(ref line, parameter.Table, value);
    }

    private void WriteArrayFd(ref SysdigLine line, in DecodedCall call, SysdigParameter parameter, int element)
    {
        int argument = SyscallTable.Name(call.Abi, call.Number) is "socketpair" ? 3 : 0;
        if (call.Failed || !call.AtExit.TryGet(argument, out Capture fds) || fds.Kind != CaptureKind.Array || fds.Unreadable || fds.Data.Length < 8)
            return;
        int fd = BinaryPrimitives.ReadInt32LittleEndian(fds.Data[(4 * element)..]);
        line.Name(parameter);
        line.Number(fd);
        WriteFdName(ref line, call.Tid, fd);
    }

    // What an exec's exit line tells of the new program that no argument holds.
    private bool ExecParameter(ref SysdigLine line, in DecodedCall call, SysdigParameter parameter, scoped ReadOnlySpan<byte> newComm)
    {
        if (SyscallTable.Name(call.Abi, call.Number) is not ("execve" or "execveat"))
            return false;
        switch (parameter.Name)
        {
            case "exe":
                // sysdig's exe is argv[0], left out when -s cut it.
                int argv = SyscallTable.Name(call.Abi, call.Number) == "execve" ? 1 : 2;
                if (FirstString(call, argv) is { IsEmpty: false } first && line.Free > 4 * first.Length + Margin)
                {
                    line.Name(parameter);
                    line.Text(CommText.Escape(first));
                }
                return true;
            case "tid":
                line.Name(parameter);
                line.Number(call.Tid);
                return true;
            case "pid":
                line.Name(parameter);
                line.Number(call.Pid);
                return true;
            case "cwd":
                if (descriptors.Knows(call.Tid) && descriptors.TableOf(call.Tid).Cwd is { Length: > 0 } cwd && line.Free > 4 * cwd.Length + Margin)
                {
                    line.Name(parameter);
                    line.Text(CommText.Escape(cwd));
                }
                return true;
            case "comm":
                if (!newComm.IsEmpty)
                {
                    line.Name(parameter);
                    line.Text(CommText.Escape(newComm));
                }
                return true;
            default:
                // The rest (args, env, cgroups, limits, page faults, tty) the recording does not hold.
                return true;
        }
    }

    // Shown at call's end; paths were read when it began.
    private void WritePath(ref SysdigLine line, in DecodedCall call, SysdigParameter parameter, int argument, IReadOnlyList<SysdigParameter> side)
    {
        if (!call.AtEntry.TryGet(argument, out Capture path) || path.Unreadable || path.Kind != CaptureKind.String)
            return;
        if (line.Free < 8 * path.Data.Length + 2 * 4 * 4096 + Margin)
            return;
        line.Name(parameter);
        line.Text(CommText.Escape(path.Data));
        if (path.Data.IsEmpty || path.Data[0] == '/' || !descriptors.Knows(call.Tid))
            return;
        byte[]? directory = BaseDirectory(call, parameter, side);
        if (directory is null)
            return;
        line.Text("("u8);
        line.Text(CommText.Escape(PathResolver.Join(directory, path.Data)));
        line.Text(")"u8);
    }

    // A relative path's directory: the dirfd parameter's file for a path relative to one, else the cwd.
    private byte[]? BaseDirectory(in DecodedCall call, SysdigParameter parameter, IReadOnlyList<SysdigParameter> side)
    {
        FdTable table = descriptors.TableOf(call.Tid);
        if (parameter.Type == "PT_FSRELPATH" && parameter.Table.StartsWith("DIRFD_PARAM(", StringComparison.Ordinal)
            && int.TryParse(parameter.Table.AsSpan(12, parameter.Table.Length - 13), out int index) && index < side.Count
            && SysdigArguments.Of(side[index], SyscallSignatures.Of(call.Abi, call.Number)) is int dirfdArgument)
        {
            int dirfd = (int)call.Arg(dirfdArgument);
            if (dirfd != (int)KernelConstants.AT_FDCWD)
                return table.TryGet(dirfd, out FdSlot slot) && slot.File.Kind == FileKind.Path ? slot.File.Path : null;
        }
        return table.Cwd.Length == 0 ? null : table.Cwd;
    }

    private static void WriteBuffer(ref SysdigLine line, in DecodedCall call, SysdigParameter parameter, int argument)
    {
        // read's buffer is read at its exit, write's at its entry.
        if (!(call.AtExit.TryGet(argument, out Capture data) && data.Kind == CaptureKind.Bytes)
            && !(call.AtEntry.TryGet(argument, out data) && data.Kind == CaptureKind.Bytes))
            return;
        if (data.Unreadable || line.Free < Base64.GetMaxEncodedToUtf8Length(data.Data.Length) + Margin)
            return;
        line.Name(parameter);
        Base64.EncodeToUtf8(data.Data, line.Rest, out _, out int written);
        line.Advance(written);
    }

    // sysdig prints a mode in octal with a leading 0 (0 alone for none); open's only when its flags create a file.
    private static void WriteMode(ref SysdigLine line, in DecodedCall call, SysdigParameter parameter, ulong raw,
        IReadOnlyList<SysdigParameter> side, SyscallSignature? signature)
    {
        ulong mode = raw & 0xFFF;
        SysdigParameter? flags = side.FirstOrDefault(other => other.Table == SysdigFlags.OpenFlagsTable);
        if (flags is not null)
        {
            if (SysdigArguments.Of(flags, signature) is not int flagsArgument)
                return;
            if (!SysdigFlags.CarriesMode(call.Arg(flagsArgument)))
                mode = 0;
        }
        line.Name(parameter);
        line.Text("0"u8);
        if (mode != 0)
            line.Text(Convert.ToString((long)mode, 8));
    }

    // The ends of the call's socket, sysdig's tuple: the one that connected first.
    private void WriteTuple(ref SysdigLine line, in DecodedCall call, SysdigParameter parameter, bool exit)
    {
        int fd = exit && SyscallTable.Name(call.Abi, call.Number) is "accept" or "accept4" ? (int)call.Ret : (int)call.Arg(0);
        if (fd < 0 || !descriptors.Knows(call.Tid) || !descriptors.TableOf(call.Tid).TryGet(fd, out FdSlot slot)
            || slot.File.Kind != FileKind.Socket || !IsInet(slot.File.Socket!) || slot.File.Socket!.PeerPort == 0)
            return;
        line.Name(parameter);
        WriteEnds(ref line, slot.File);
    }

    /// <summary><c>(&lt;f&gt;/etc/passwd)</c> after an fd the table knows: sysdig's letter for what it is, and its name.</summary>
    private void WriteFdName(ref SysdigLine line, int tid, int fd)
    {
        if (!descriptors.Knows(tid) || !descriptors.TableOf(tid).TryGet(fd, out FdSlot slot))
            return;
        FileDescription file = slot.File;
        if (line.Free < 4 * file.Path.Length + 4 * file.OpenedAs.Length + 4 * file.Name.Length + 2 * 64 + Margin)
            return;
        line.Text("(<"u8);
        switch (file.Kind)
        {
            case FileKind.Path when file.Path.AsSpan().StartsWith("/memfd:"u8):
                line.Text("m>"u8);
                line.Text(CommText.Escape(file.Path.AsSpan("/memfd:".Length)));
                break;
            case FileKind.Path or FileKind.CharDevice or FileKind.BlockDevice:
                line.Text((file.OpenFlags & s_directoryFlag) != 0 ? "d>"u8 : "f>"u8);
                line.Text(CommText.Escape(file.Kind == FileKind.Path ? file.OpenedAs : file.Path));
                break;
            case FileKind.Pipe:
                line.Text("p>"u8);
                break;
            case FileKind.Socket:
                WriteSocket(ref line, file);
                break;
            case FileKind.Pidfd:
                line.Text("P>"u8);
                break;
            default:
                line.Text(NamedLetter(file.Name));
                line.Text(">"u8);
                break;
        }
        line.Text(")"u8);
    }

    private static void WriteSocket(ref SysdigLine line, FileDescription file)
    {
        FdTarget socket = file.Socket!;
        if (IsInet(socket))
        {
            line.Text(socket.Family == (ushort)KernelConstants.AF_INET ? "4"u8 : "6"u8);
            line.Text(socket.Type switch
            {
                (ushort)KernelConstants.SOCK_STREAM => "t"u8,
                (ushort)KernelConstants.SOCK_DGRAM => "u"u8,
                _ => "r"u8,
            });
            line.Text(">"u8);
            if (socket.PeerPort != 0)
                WriteEnds(ref line, file);
            else if (socket.LocalPort != 0)
                WriteEnd(ref line, socket.Local, socket.LocalPort, socket.Family);
        }
        else if (socket.Family == (ushort)KernelConstants.AF_UNIX)
        {
            line.Text("u>"u8);
            // An abstract name starts with its NUL, which sysdig writes as @.
            ReadOnlySpan<byte> path = socket.UnixPath;
            if (!path.IsEmpty && path[0] == 0)
            {
                line.Text("@"u8);
                path = path[1..];
            }
            line.Text(CommText.Escape(path));
        }
        else
        {
            line.Text(socket.Family == (ushort)KernelConstants.AF_NETLINK ? "n>"u8 : "o>"u8);
        }
    }

    // src->dst as sysdig names a connection: the end that connected first.
    private static void WriteEnds(ref SysdigLine line, FileDescription file)
    {
        FdTarget socket = file.Socket!;
        if (file.Accepted)
        {
            WriteEnd(ref line, socket.Peer, socket.PeerPort, socket.Family);
            line.Text("->"u8);
            WriteEnd(ref line, socket.Local, socket.LocalPort, socket.Family);
        }
        else
        {
            WriteEnd(ref line, socket.Local, socket.LocalPort, socket.Family);
            line.Text("->"u8);
            WriteEnd(ref line, socket.Peer, socket.PeerPort, socket.Family);
        }
    }

    private static void WriteEnd(ref SysdigLine line, byte[] address, ushort port, ushort family)
    {
        line.Text(new IPAddress(family == (ushort)KernelConstants.AF_INET ? address.AsSpan(0, 4) : address.AsSpan(0, 16)).ToString());
        line.Text(":"u8);
        line.Number(port);
    }

    private static bool IsInet(FdTarget socket) => socket.Family is (ushort)KernelConstants.AF_INET or (ushort)KernelConstants.AF_INET6;

    // sysdig's letter for an anonymous inode, by the name the kernel gives it.
    private static ReadOnlySpan<byte> NamedLetter(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("anon_inode:[eventfd]"u8) => "e"u8,
        _ when name.SequenceEqual("anon_inode:[signalfd]"u8) => "s"u8,
        _ when name.SequenceEqual("anon_inode:[eventpoll]"u8) => "l"u8,
        _ when name.SequenceEqual("anon_inode:inotify"u8) => "i"u8,
        _ when name.SequenceEqual("anon_inode:[timerfd]"u8) => "t"u8,
        _ when name.SequenceEqual("anon_inode:[userfaultfd]"u8) => "u"u8,
        _ when name.SequenceEqual("anon_inode:[io_uring]"u8) => "r"u8,
        _ when name.StartsWith("anon_inode:bpf"u8) => "b"u8,
        _ => "o"u8,
    };

    // The first string of a string array argument (argv[0]); empty when it was not read whole.
    private static ReadOnlySpan<byte> FirstString(in DecodedCall call, int argument)
    {
        if (!call.AtEntry.TryGet(argument, out Capture strings) || strings.Unreadable || strings.Kind != CaptureKind.StringArray || strings.Data.Length < 8)
            return default;
        ReadOnlySpan<byte> data = strings.Data;
        if (BinaryPrimitives.ReadUInt32LittleEndian(data) == 0)
            return default;
        int length = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        bool truncated = ((CaptureFlags)data[6] & CaptureFlags.Truncated) != 0;
        return !truncated && 8 + length <= data.Length ? data.Slice(8, length) : default;
    }
}
