using Sysrec.IO;
using Sysrec.Text;
using Sysrec.Tracing;

namespace Sysrec.Analysis;

/// <summary>
/// Reads a saved recording one syscall at a time, in constant memory, whichever format it is in: its first
/// non-empty line decides, JSON Lines when it starts with '{', else <c>pid:syscall_id:comm</c> text lines.
/// Empty lines are passed over. A line that does not read stops everything with <c>file:line: what</c>.
/// Events that are not syscalls (a jsonl exec line) are only handed out by <see cref="TryReadEntry"/>.
/// </summary>
internal sealed class TraceReader : IDisposable
{
    private readonly TextInput _input;
    // Unescaping never lengthens a comm, so a line's length is always room enough.
    private readonly byte[] _comm = new byte[LineReader.MaxLineLength];
    private readonly char[] _text = new char[LineReader.MaxLineLength];
    private readonly byte[] _exe = new byte[LineReader.MaxLineLength];
    private readonly ulong[] _args = new ulong[6];
    private bool? _jsonl;

    private TraceReader(TextInput input) => _input = input;

    public static TraceReader Open(string path) => new(TextInput.Open(path));

    /// <summary>Reads the next syscall; false at the end. A recording without any line is an error.</summary>
    public bool TryRead(out TraceEvent syscall)
    {
        while (TryReadEntry(out TraceEntryKind kind, out syscall, out _))
        {
            if (kind == TraceEntryKind.Syscall)
                return true;
        }
        return false;
    }

    /// <summary>Reads the next line of any kind: a syscall, or (jsonl) an exec event or another event.</summary>
    public bool TryReadEntry(out TraceEntryKind kind, out TraceEvent syscall, out ExecEvent exec)
    {
        while (_input.TryReadLine(out ReadOnlySpan<byte> line))
        {
            if (line.IsEmpty)
                continue;
            _jsonl ??= line[0] == (byte)'{';
            exec = default;
            kind = TraceEntryKind.Syscall;
            string error;
            bool parsed = _jsonl.Value
                ? JsonlEventParser.TryParse(line, new JsonlEventParser.Buffers(_text, _comm, _exe, _args), out kind, out syscall, out exec, out error)
                : TryParseText(line, out syscall, out error);
            if (!parsed)
                throw _input.Error(error);
            return true;
        }
        if (_jsonl is null)
            throw new SysrecException(ExitCodes.Usage, $"{_input.Path}: empty, no trace lines");
        kind = default;
        syscall = default;
        exec = default;
        return false;
    }

    public string Path => _input.Path;

    private bool TryParseText(ReadOnlySpan<byte> line, out TraceEvent syscall, out string error)
    {
        syscall = default;
        if (!TraceLine.TryParse(line, out uint pid, out SyscallAbi abi, out long number, out ReadOnlySpan<byte> escapedComm, out error))
            return false;
        if (!TraceLine.TryUnescapeComm(escapedComm, _comm, out int commLength))
        {
            error = "bad escape in comm";
            return false;
        }
        syscall = new TraceEvent(pid, _comm.AsSpan(0, commLength), new SyscallKey(abi, number), ret: null, durationNs: null, timestampNs: null);
        return true;
    }

    /// <summary>A complaint about the line last read, as <c>file:line: what</c>.</summary>
    public SysrecException Error(string what) => _input.Error(what);

    public void Dispose() => _input.Dispose();
}
