using Sysrec.IO;
using Sysrec.Text;
using Sysrec.Tracing;

namespace Sysrec.Analysis;

/// <summary>
/// Reads a saved recording one syscall at a time, in constant memory, whichever format it is in: its first
/// non-empty line decides, JSON Lines when it starts with '{', else <c>pid:syscall_id:comm</c> text lines.
/// Empty lines are passed over. A line that does not read stops everything with <c>file:line: what</c>.
/// </summary>
internal sealed class TraceReader : IDisposable
{
    private readonly TextInput _input;
    // Unescaping never lengthens a comm, so a line's length is always room enough.
    private readonly byte[] _comm = new byte[LineReader.MaxLineLength];
    private readonly char[] _commText = new char[LineReader.MaxLineLength];
    private bool? _jsonl;

    private TraceReader(TextInput input) => _input = input;

    public static TraceReader Open(string path) => new(TextInput.Open(path));

    /// <summary>Reads the next syscall; false at the end. A recording without any is an error.</summary>
    public bool TryRead(out TraceEvent syscall)
    {
        while (_input.TryReadLine(out ReadOnlySpan<byte> line))
        {
            if (line.IsEmpty)
                continue;
            _jsonl ??= line[0] == (byte)'{';
            if (_jsonl.Value && JsonlEventParser.IsEvent(line))
                continue;
            string error;
            bool parsed = _jsonl.Value
                ? JsonlEventParser.TryParse(line, _commText, _comm, out syscall, out error)
                : TryParseText(line, out syscall, out error);
            if (!parsed)
                throw _input.Error(error);
            return true;
        }
        if (_jsonl is null)
            throw new SysrecException(ExitCodes.Usage, $"{_input.Path}: empty, no trace lines");
        syscall = default;
        return false;
    }

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
