using Sysrec.IO;
using Sysrec.Syscalls;

namespace Sysrec.Trace;

/// <summary>
/// Reads a saved recording one syscall at a time, in constant memory, whichever format it is in: its first
/// non-empty line decides, JSON Lines when it starts with '{', else <c>pid:syscall_id:comm</c> text lines.
/// A recording of several parts is read as one. Empty lines are passed over, and so is a last line cut
/// short (a recorder that crashed mid-line), with a warning; any other line that does not read stops
/// everything with <c>file:line: what</c>, or with <see cref="RecordingFiles.Lenient"/> is passed over with a
/// warning. Events that are not syscalls (a jsonl exec line) are only handed out by <see cref="TryReadEntry"/>;
/// a clock event is kept as <see cref="Clock"/>, which turns the times that follow it into Unix time.
/// </summary>
internal sealed class TraceReader : IDisposable
{
    private readonly RecordingFiles _files;
    // Unescaping never lengthens a comm, so a line's length is always room enough.
    private readonly byte[] _comm = new byte[LineReader.MaxLineLength];
    private readonly byte[] _text = new byte[LineReader.MaxLineLength];
    private readonly byte[] _exe = new byte[LineReader.MaxLineLength];
    private readonly byte[] _cgroup = new byte[LineReader.MaxLineLength];
    private readonly ulong[] _args = new ulong[6];
    private TextInput _input;
    private int _part;
    private bool _anySyscall;
    private bool? _jsonl;

    private TraceReader(RecordingFiles files)
    {
        _files = files;
        _input = TextInput.Open(files.Parts[0]);
    }

    public static TraceReader Open(RecordingFiles files) => new(files);

    /// <summary>The clocks as the last clock event read gave them; null before one (a text recording, or one older than clock events).</summary>
    public ClockAnchor? Clock { get; private set; }

    /// <summary>Reads the next syscall; false at the end.</summary>
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
        while (TryReadLine(out ReadOnlySpan<byte> line, out string? problem))
        {
            exec = default;
            syscall = default;
            kind = TraceEntryKind.Syscall;
            if (problem is null && line.IsEmpty)
                continue;
            string? error = problem;
            if (error is null)
            {
                _jsonl ??= line[0] == (byte)'{';
                ClockAnchor clock = default;
                bool parsed = _jsonl.Value
                    ? JsonLineParser.TryParse(line, new JsonLineParser.Buffers(_text, _comm, _exe, _args, _cgroup), out kind, out syscall, out exec, out clock, out error)
                    : TryParseText(line, out syscall, out error);
                if (parsed && kind == TraceEntryKind.Clock)
                {
                    Clock = clock;
                    continue;
                }
                if (parsed)
                {
                    _anySyscall |= kind == TraceEntryKind.Syscall;
                    return true;
                }
            }
            // A recorder that crashed mid-line leaves a last line cut short: what it holds is not trusted.
            if (!_files.Lenient && problem != TextInput.CutShort)
                throw _input.Error(error!);
            _files.LeftOut(_input.Path, _input.LineNumber, error!);
        }
        if (!_anySyscall)
            _files.NoteEmpty();
        kind = default;
        syscall = default;
        exec = default;
        return false;
    }

    /// <summary>The part being read.</summary>
    public string Path => _input.Path;

    private bool TryReadLine(out ReadOnlySpan<byte> line, out string? problem)
    {
        while (!_input.TryReadLine(out line, out problem, skipTooLong: _files.Lenient))
        {
            if (_part == _files.Parts.Count - 1)
                return false;
            _input.Dispose();
            _input = TextInput.Open(_files.Parts[++_part]);
        }
        return true;
    }

    private bool TryParseText(ReadOnlySpan<byte> line, out TraceEvent syscall, out string error)
    {
        syscall = default;
        if (!TraceLine.TryParse(line, out uint pid, out SyscallAbi abi, out long number, out ReadOnlySpan<byte> escapedComm, out error))
            return false;
        if (!CommText.TryUnescape(escapedComm, _comm, out int commLength))
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
