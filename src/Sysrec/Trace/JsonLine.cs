using System.Runtime.InteropServices;
using Sysrec.Decoding;
using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Trace;

/// <summary>
/// A record as one JSON object on a line (JSON Lines):
/// <c>{"ts_ns":…,"pid":…,"tid":…,"comm":"…","uid":…,"gid":…,"cgroup_id":…,"cgroup":"/…","abi":"x86_64","nr":…,"name":"…","args":[…6 numbers]}</c>
/// (<c>"name":null</c> for a number the syscall table does not know; <c>args</c> only when captured;
/// <c>uid</c> and <c>gid</c> the caller's real ids, <c>cgroup_id</c> its cgroup v2 id and <c>cgroup</c> that
/// cgroup's path below the v2 root as <see cref="CgroupPaths"/> found it, null when it could not),
/// with --paths <c>"paths":["…",null]</c> on a call that takes paths (null: unreadable) and
/// <c>"paths_truncated":[i,…]</c> when some were cut, and with --exit <c>"ret":…,"dur_ns":…</c>, both null
/// for a call that never returned. An exec event is <c>{"ts_ns":…,"pid":…,"tid":…,"comm":"…","event":"exec","exe":"…"}</c>,
/// with <c>"exe_truncated":true</c> when the path was cut. Every file of a recording starts with a clock
/// event, <c>{"ts_ns":…,"event":"clock","realtime_ns":…}</c>: CLOCK_MONOTONIC, the clock of every
/// <c>ts_ns</c>, and CLOCK_REALTIME read at the same moment, so that <c>ts_ns + realtime_ns - ts_ns</c> of
/// the clock event is a record's Unix-epoch time.
/// The comm and the paths are the kernel's bytes written as <see cref="CommText"/> writes them (valid
/// UTF-8 as it is, <c>\\</c> for a backslash, <c>\xHH</c> for a control byte or one that is not UTF-8),
/// then as a JSON string (so in the line a backslash is <c>\\\\</c>, an odd byte <c>\\xHH</c>): every
/// JSON parser reads a UTF-8 name as it is, and any name, UTF-8 or not, survives.
/// </summary>
internal static class JsonLine
{
    private const int MaxNumber = 20;
    private const int MaxComm = 16 * MaxEscape;
    private const int MaxName = 32;
    // A byte CommText escapes, \xHH, with its backslash escaped for JSON.
    private const int MaxEscape = CommText.MaxEscapedByte + 1;
    private const int MaxPath = (PathBytes.Length - 1) * MaxEscape;
    private const int MaxCgroupPath = CgroupPaths.MaxLength * MaxEscape;

    public static readonly string NativeAbi = RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static readonly byte[] s_nativeAbi = System.Text.Encoding.ASCII.GetBytes(NativeAbi);

    /// <summary>Every field at its widest: keys and punctuation, numbers, a fully escaped comm and paths.</summary>
    public static readonly int MaxLength =
        "{\"ts_ns\":,\"pid\":,\"tid\":,\"comm\":\"\",\"abi\":\"\",\"nr\":,\"name\":\"\",\"args\":[,,,,,]}\n".Length
        + 3 * MaxNumber + MaxComm + Math.Max(s_nativeAbi.Length, "i386".Length) + MaxNumber + MaxName + 6 * MaxNumber
        + ",\"paths\":[\"\",\"\"],\"paths_truncated\":[0,1]".Length + 2 * MaxPath
        + ",\"ret\":,\"dur_ns\":".Length + 2 * MaxNumber
        + ",\"uid\":,\"gid\":,\"cgroup_id\":,\"cgroup\":\"\"".Length + 3 * MaxNumber + MaxCgroupPath;

    /// <summary>A call without path arguments.</summary>
    /// <param name="withArgs">Whether the record carries the arguments (they were captured).</param>
    /// <param name="withExit">Whether the record carries the return (--exit): <c>ret</c> and <c>dur_ns</c>, null for a call that never returned.</param>
    /// <param name="cgroups">Where cgroup ids are named; without it every <c>cgroup</c> is null (a collector, far from the recorder's cgroups).</param>
    /// <param name="identity">Where the writer keeps who made the last call as written, to write it again as it is; null to write it each time.</param>
    public static int Format(in SyscallRecord record, Span<byte> destination, bool withArgs, bool withExit, CgroupPaths? cgroups = null, JsonIdentity? identity = null) =>
        Format(record, paths: default, destination, withArgs, withExit, cgroups, identity);

    /// <summary>
    /// A --decode call's line up to its closing <c>}</c> and newline, which the caller writes after the
    /// fields it adds (<see cref="JsonArguments"/>); returns its length.
    /// </summary>
    public static int FormatOpen(in SyscallRecord record, Span<byte> destination, CgroupPaths? cgroups) =>
        Format(record, paths: default, destination, withArgs: true, withExit: true, cgroups, identity: null) - "}\n"u8.Length;

    /// <summary>A call with its path arguments (with --paths, which captures the arguments too), or an exec event.</summary>
    public static int Format(in PathRecord record, Span<byte> destination, bool withExit, CgroupPaths? cgroups = null, JsonIdentity? identity = null) =>
        record.Call.SyscallId == SyscallRecord.ExecEvent
            ? FormatExec(record.Call.TimestampNs, record.Call.Pid, record.Call.Tid, TaskComm.Trim(record.Call.Comm), record.Paths.Arg[0], destination)
            : Format(record.Call, new ReadOnlySpan<PathArgs>(in record.Paths), destination, withArgs: true, withExit, cgroups, identity);

    /// <summary>Who made the call: <c>,"comm":…</c> to the <c>"cgroup"</c>'s value; returns its length.</summary>
    public static int FormatIdentity(in SyscallRecord record, Span<byte> destination, CgroupPaths? cgroups)
    {
        var line = new Writer(destination);
        WriteIdentity(ref line, record, cgroups);
        return line.Length;
    }

    private static void WriteIdentity(ref Writer line, in SyscallRecord record, CgroupPaths? cgroups)
    {
        line.Raw(",\"comm\":\""u8);
        line.Escaped(TaskComm.Trim(record.Comm));
        line.Raw("\",\"uid\":"u8);
        line.Number(record.Uid);
        line.Raw(",\"gid\":"u8);
        line.Number(record.Gid);
        line.Raw(",\"cgroup_id\":"u8);
        line.Number(record.CgroupId);
        ReadOnlySpan<byte> cgroup = cgroups is null ? default : cgroups.PathOf(record.CgroupId);
        if (cgroup.IsEmpty)
        {
            line.Raw(",\"cgroup\":null"u8);
        }
        else
        {
            line.Raw(",\"cgroup\":\""u8);
            line.Escaped(cgroup);
            line.Raw("\""u8);
        }
    }

    /// <param name="paths">The call's path arguments, if it has them: one, or none.</param>
    private static int Format(in SyscallRecord record, ReadOnlySpan<PathArgs> paths, Span<byte> destination, bool withArgs, bool withExit, CgroupPaths? cgroups, JsonIdentity? identity)
    {
        var line = new Writer(destination);
        line.Raw("{\"ts_ns\":"u8);
        line.Number(record.TimestampNs);
        line.Raw(",\"pid\":"u8);
        line.Number(record.Pid);
        line.Raw(",\"tid\":"u8);
        line.Number(record.Tid);
        if (identity is not null)
            line.Raw(identity.Of(record));
        else
            WriteIdentity(ref line, record, cgroups);
        line.Raw(",\"abi\":\""u8);
        line.Raw(record.Abi == SyscallAbi.I386 ? "i386"u8 : s_nativeAbi);
        line.Raw("\",\"nr\":"u8);
        line.Number(record.SyscallId);
        ReadOnlySpan<byte> name = SyscallTable.Utf8Name(record.Abi, record.SyscallId);
        if (name.IsEmpty)
        {
            line.Raw(",\"name\":null"u8);
        }
        else
        {
            line.Raw(",\"name\":\""u8);
            line.Raw(name);
            line.Raw("\""u8);
        }
        if (withArgs)
        {
            line.Raw(",\"args\":["u8);
            for (int i = 0; i < 6; i++)
            {
                if (i > 0)
                    line.Raw(","u8);
                line.Number(record.Args[i]);
            }
            line.Raw("]"u8);
        }
        if (!paths.IsEmpty)
            line.Paths(paths[0]);
        if (withExit && record.DurationNs == SyscallRecord.NeverReturned)
        {
            line.Raw(",\"ret\":null,\"dur_ns\":null"u8);
        }
        else if (withExit)
        {
            line.Raw(",\"ret\":"u8);
            line.Number(record.Ret);
            line.Raw(",\"dur_ns\":"u8);
            line.Number(record.DurationNs);
        }
        line.Raw("}\n"u8);
        return line.Length;
    }

    /// <summary>The clock event a recording's file starts with (<see cref="ClockAnchor"/>).</summary>
    public static int FormatClock(ClockAnchor anchor, Span<byte> destination)
    {
        var line = new Writer(destination);
        line.Raw("{\"ts_ns\":"u8);
        line.Number(anchor.MonotonicNs);
        line.Raw(",\"event\":\"clock\",\"realtime_ns\":"u8);
        line.Number(anchor.RealtimeNs);
        line.Raw("}\n"u8);
        return line.Length;
    }

    /// <summary>An exec event, whose exe is null when the path could not be read.</summary>
    public static int FormatExec(ulong timestampNs, uint pid, uint tid, ReadOnlySpan<byte> comm, in PathArg exe, Span<byte> destination)
    {
        var line = new Writer(destination);
        line.Raw("{\"ts_ns\":"u8);
        line.Number(timestampNs);
        line.Raw(",\"pid\":"u8);
        line.Number(pid);
        line.Raw(",\"tid\":"u8);
        line.Number(tid);
        line.Raw(",\"comm\":\""u8);
        line.Escaped(comm);
        line.Raw("\",\"event\":\"exec\",\"exe\":"u8);
        line.Path(exe);
        if (exe.Truncated != 0)
            line.Raw(",\"exe_truncated\":true"u8);
        line.Raw("}\n"u8);
        return line.Length;
    }

    // The destination is MaxLength long, so the line never overflows it and no field is checked.
    private ref struct Writer(Span<byte> destination)
    {
        private Utf8SpanWriter _text = new(destination);

        public readonly int Length => _text.Written.Length;

        public void Raw(scoped ReadOnlySpan<byte> text) => _text.Append(text);

        public void Number(ulong value) => _text.AppendDecimal(value);

        public void Number(long value) => _text.AppendDecimal(value);

        /// <summary><c>,"paths":[…]</c>, and <c>,"paths_truncated":[…]</c> when any was cut.</summary>
        public void Paths(in PathArgs paths)
        {
            int count = Math.Min((int)paths.Count, PathArgPair.Length);
            Raw(",\"paths\":["u8);
            for (int i = 0; i < count; i++)
            {
                if (i > 0)
                    Raw(","u8);
                Path(paths.Arg[i]);
            }
            Raw("]"u8);
            bool anyCut = false;
            for (int i = 0; i < count; i++)
            {
                if (paths.Arg[i].Truncated == 0)
                    continue;
                Raw(anyCut ? ","u8 : ",\"paths_truncated\":["u8);
                Number(i);
                anyCut = true;
            }
            if (anyCut)
                Raw("]"u8);
        }

        /// <summary>The path as a JSON string, or null when it could not be read.</summary>
        public void Path(in PathArg path)
        {
            if (!path.Readable)
            {
                Raw("null"u8);
                return;
            }
            Raw("\""u8);
            Escaped(path.Bytes);
            Raw("\""u8);
        }

        public void Escaped(scoped ReadOnlySpan<byte> bytes) => JsonText.WriteEscaped(ref _text, bytes);
    }
}
