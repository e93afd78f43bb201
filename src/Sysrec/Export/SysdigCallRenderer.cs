using System.Buffers;
using System.Buffers.Text;
using Sysrec.Decoding;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Export;

/// <summary>
/// A call's parameters as sysdig writes them for LID-DS, from what the kernel read of the call and what
/// its fds are (<see cref="ISysdigCall"/>: live, or from a jsonl recording's <c>decoded</c>):
/// <c>fd=3(&lt;f&gt;/etc/passwd)</c> with sysdig's letter for what the fd is, <c>name=lib(/usr/lib)</c> with the absolute path of a relative one,
/// <c>flags=4097(O_RDONLY|O_CLOEXEC)</c> and <c>mode=0644</c> in sysdig's encoding, <c>res=-2(ENOENT)</c>,
/// <c>data=</c> the buffer (up to -s bytes) in base64, and the numbers the registers hold. A parameter the
/// call does not give (a path that could not be read, an fd the table does not know) is left out or
/// written without what sysdig adds after it, never guessed.
/// </summary>
internal static class SysdigCallRenderer
{
    // Room a parameter needs besides what its own bytes take.
    private const int Margin = 64;

    // The longest absolute form of a relative path made on the stack; a longer one in a pooled buffer.
    private const int JoinOnStack = 1024;

    private static readonly ulong s_directoryFlag = SysdigFlags.KernelFlag("O_DIRECTORY");

    /// <summary>The entry line's parameters.</summary>
    public static void WriteEntry<TCall>(ref SysdigLine line, scoped TCall call, SysdigEvent? sysdigEvent)
        where TCall : ISysdigCall, allows ref struct
    {
        if (sysdigEvent is null)
            return;
        SyscallSignature? signature = SyscallSignatures.Of(call.Abi, call.Number);
        for (int i = 0; i < sysdigEvent.Entry.Count; i++)
            Parameter(ref line, call, sysdigEvent.Entry, i, signature, exit: false, newComm: default);
    }

    /// <summary>The exit line's parameters.</summary>
    /// <param name="newComm">An exec's new comm, which its exit line carries; empty for other calls.</param>
    public static void WriteExit<TCall>(ref SysdigLine line, scoped TCall call, SysdigEvent? sysdigEvent, scoped ReadOnlySpan<byte> newComm)
        where TCall : ISysdigCall, allows ref struct
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
    public static ReadOnlySpan<byte> ExecComm<TCall>(TCall call)
        where TCall : ISysdigCall, allows ref struct
    {
        string? name = SyscallTable.Name(call.Abi, call.Number);
        if (name is not ("execve" or "execveat") || !call.Returned || call.Ret != 0 || !call.TryString(name == "execve" ? 0 : 1, out ReadOnlySpan<byte> path) || path.IsEmpty)
            return default;
        ReadOnlySpan<byte> last = path[(path.LastIndexOf((byte)'/') + 1)..];
        return last[..Math.Min(last.Length, TaskComm.Length - 1)];
    }

    private static void Parameter<TCall>(ref SysdigLine line, scoped TCall call, IReadOnlyList<SysdigParameter> side, int index,
        SyscallSignature? signature, bool exit, scoped ReadOnlySpan<byte> newComm)
        where TCall : ISysdigCall, allows ref struct
    {
        SysdigParameter parameter = side[index];
        // The first exit parameter is what the call returned: res, or the fd it made.
        if (exit && index == 0 && parameter.Name is "res" or "fd")
        {
            if (!call.Returned)
                return;
            line.Numeric(parameter, (ulong)call.Ret, returned: true);
            if (parameter.Type == "PT_FD" && call.Ret >= 0)
                WriteFdName(ref line, call.File((int)call.Ret));
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
            WriteArrayFd(ref line, call, parameter, parameter.Name == "fd1");
            return;
        }
        if (SysdigArguments.Of(parameter, signature) is not int argument || call.Arg(argument) is not ulong raw)
            return;
        switch (parameter.Type)
        {
            case "PT_FD":
                line.Numeric(parameter, raw, returned: false);
                if ((int)raw >= 0)
                    WriteFdName(ref line, call.File((int)raw));
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

    private static void WriteArrayFd<TCall>(ref SysdigLine line, scoped TCall call, SysdigParameter parameter, bool first)
        where TCall : ISysdigCall, allows ref struct
    {
        int argument = SyscallTable.Name(call.Abi, call.Number) is "socketpair" ? 3 : 0;
        if (call.Failed || !call.TryFdPair(argument, out int one, out int two))
            return;
        int fd = first ? one : two;
        line.Name(parameter);
        line.Number(fd);
        WriteFdName(ref line, call.File(fd));
    }

    // What an exec's exit line tells of the new program that no argument holds.
    private static bool ExecParameter<TCall>(ref SysdigLine line, scoped TCall call, SysdigParameter parameter, scoped ReadOnlySpan<byte> newComm)
        where TCall : ISysdigCall, allows ref struct
    {
        string? name = SyscallTable.Name(call.Abi, call.Number);
        if (name is not ("execve" or "execveat"))
            return false;
        switch (parameter.Name)
        {
            case "exe":
                // sysdig's exe is argv[0], left out when -s cut it.
                if (call.FirstString(name == "execve" ? 1 : 2) is { IsEmpty: false } first && line.Free > 4 * first.Length + Margin)
                {
                    line.Name(parameter);
                    line.Escaped(first);
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
                if (call.Cwd is { Length: > 0 } cwd && line.Free > 4 * cwd.Length + Margin)
                {
                    line.Name(parameter);
                    line.Escaped(cwd);
                }
                return true;
            case "comm":
                if (!newComm.IsEmpty)
                {
                    line.Name(parameter);
                    line.Escaped(newComm);
                }
                return true;
            default:
                // The rest (args, env, cgroups, limits, page faults, tty) the recording does not hold.
                return true;
        }
    }

    // Shown at call's end; paths were read when it began.
    private static void WritePath<TCall>(ref SysdigLine line, scoped TCall call, SysdigParameter parameter, int argument, IReadOnlyList<SysdigParameter> side)
        where TCall : ISysdigCall, allows ref struct
    {
        if (!call.TryString(argument, out ReadOnlySpan<byte> path))
            return;
        if (line.Free < 8 * path.Length + 2 * 4 * 4096 + Margin)
            return;
        line.Name(parameter);
        line.Escaped(path);
        if (path.IsEmpty || path[0] == '/')
            return;
        ReadOnlySpan<byte> directory = BaseDirectory(call, parameter, side);
        if (directory.IsEmpty)
            return;
        int room = PathResolver.JoinedLength(directory, path);
        byte[]? rented = null;
        Span<byte> joined = room <= JoinOnStack ? stackalloc byte[JoinOnStack] : (rented = ArrayPool<byte>.Shared.Rent(room));
        line.Text("("u8);
        line.Escaped(joined[..PathResolver.Join(directory, path, joined)]);
        line.Text(")"u8);
        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented);
    }

    // A relative path's directory: the dirfd parameter's file for a path relative to one, else the cwd.
    private static ReadOnlySpan<byte> BaseDirectory<TCall>(TCall call, SysdigParameter parameter, IReadOnlyList<SysdigParameter> side)
        where TCall : ISysdigCall, allows ref struct
    {
        if (parameter.Type == "PT_FSRELPATH" && parameter.Table.StartsWith("DIRFD_PARAM(", StringComparison.Ordinal)
            && int.TryParse(parameter.Table.AsSpan(12, parameter.Table.Length - 13), out int index) && index < side.Count
            && SysdigArguments.Of(side[index], SyscallSignatures.Of(call.Abi, call.Number)) is int dirfdArgument
            && call.Arg(dirfdArgument) is ulong register)
        {
            int dirfd = (int)register;
            if (dirfd != (int)KernelConstants.AT_FDCWD)
                return call.File(dirfd) is { Kind: FileKind.Path } directory ? directory.Path : default;
        }
        return call.Cwd;
    }

    private static void WriteBuffer<TCall>(ref SysdigLine line, scoped TCall call, SysdigParameter parameter, int argument)
        where TCall : ISysdigCall, allows ref struct
    {
        if (!call.TryBuffer(argument, out ReadOnlySpan<byte> data) || line.Free < Base64.GetMaxEncodedToUtf8Length(data.Length) + Margin)
            return;
        line.Name(parameter);
        Base64.EncodeToUtf8(data, line.Rest, out _, out int written);
        line.Advance(written);
    }

    // sysdig prints a mode in octal with a leading 0 (0 alone for none); open's only when its flags create a file.
    private static void WriteMode<TCall>(ref SysdigLine line, scoped TCall call, SysdigParameter parameter, ulong raw,
        IReadOnlyList<SysdigParameter> side, SyscallSignature? signature)
        where TCall : ISysdigCall, allows ref struct
    {
        ulong mode = raw & 0xFFF;
        SysdigParameter? flags = null;
        for (int i = 0; i < side.Count && flags is null; i++)
            flags = side[i].Table == SysdigFlags.OpenFlagsTable ? side[i] : null;
        if (flags is not null)
        {
            if (SysdigArguments.Of(flags, signature) is not int flagsArgument || call.Arg(flagsArgument) is not ulong flagBits)
                return;
            if (!SysdigFlags.CarriesMode(flagBits))
                mode = 0;
        }
        line.Name(parameter);
        line.Text("0"u8);
        if (mode != 0)
            line.Number(Octal(mode));
    }

    // The octal digits of a mode (at most 0xFFF) as a decimal number, to format without a string.
    private static uint Octal(ulong mode)
    {
        uint digits = 0;
        for (uint place = 1; mode != 0; place *= 10, mode >>= 3)
            digits += (uint)(mode & 7) * place;
        return digits;
    }

    // The ends of the call's socket, sysdig's tuple: the one that connected first.
    private static void WriteTuple<TCall>(ref SysdigLine line, scoped TCall call, SysdigParameter parameter, bool exit)
        where TCall : ISysdigCall, allows ref struct
    {
        long fd = exit && SyscallTable.Name(call.Abi, call.Number) is "accept" or "accept4" ? call.Ret : call.Arg(0) is ulong register ? (int)register : -1;
        if (fd < 0 || call.File((int)fd) is not { Kind: FileKind.Socket } file || !IsInet(file.Socket!) || file.Socket!.PeerPort == 0)
            return;
        line.Name(parameter);
        WriteEnds(ref line, file);
    }

    /// <summary><c>(&lt;f&gt;/etc/passwd)</c> after an fd that is known: sysdig's letter for what it is, and its name.</summary>
    private static void WriteFdName(ref SysdigLine line, FileDescription? file)
    {
        if (file is null)
            return;
        if (line.Free < 4 * file.Path.Length + 4 * file.OpenedAs.Length + 4 * file.Name.Length + 2 * 64 + Margin)
            return;
        line.Text("(<"u8);
        switch (file.Kind)
        {
            case FileKind.Path when file.Path.AsSpan().StartsWith("/memfd:"u8):
                line.Text("m>"u8);
                line.Escaped(file.Path.AsSpan("/memfd:".Length));
                break;
            case FileKind.Path or FileKind.CharDevice or FileKind.BlockDevice:
                line.Text((file.OpenFlags & s_directoryFlag) != 0 ? "d>"u8 : "f>"u8);
                line.Escaped(file.Kind == FileKind.Path ? file.OpenedAs : file.Path);
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
            line.Escaped(path);
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
        var text = new Utf8SpanWriter(line.Rest);
        if (family == (ushort)KernelConstants.AF_INET)
            SockaddrFormat.WriteInet4Address(ref text, address.AsSpan(0, 4));
        else
            SockaddrFormat.WriteInet6Address(ref text, address.AsSpan(0, 16));
        line.Advance(text.Written.Length);
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
}
