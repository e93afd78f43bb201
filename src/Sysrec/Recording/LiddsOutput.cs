using Sysrec.Decoding;
using Sysrec.Export;
using Sysrec.IO;
using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Recording;

/// <summary>
/// record/run --lidds DIR/NAME: a LID-DS 2021 recording made live. Each decoded call gives its entry
/// line as it enters and its exit line as it returns, so the lines are in time order across threads, as
/// sysdig's are, but for records two CPUs put in the ring in another order than their times (see
/// <see cref="ReorderWindowNs"/>); the parameters come from what the kernel read of the call and the fd table
/// (<see cref="SysdigCallRenderer"/>, <see cref="LiveSysdigCall"/>). The lines go straight into the zip's <c>.sc</c>; when the recording
/// ends the metadata (with the exploits marked meanwhile), the resource rows sampled each second and the
/// capture follow, and the zip, written under a temporary name, takes its own.
/// </summary>
internal sealed class LiddsOutput : IRecordingOutput, IDecodedSink
{
    /// <summary>
    /// How long a line is held in case a line of an earlier time comes after it. Records reach the ring in
    /// the order their CPUs reserved room for them, a moment after each read the time, so one CPU's record
    /// can follow another's of a later time: by under a microsecond as a rule, by up to 75 µs measured
    /// here with both CPUs making calls (an interrupt in between). A millisecond is over ten times that,
    /// and at the rate this writer goes (0.4 M calls/s, bench/consumer's lidds row) under 1,000 lines, about
    /// 100 KB. The zip is whole only when the recording ends, so holding lines delays nothing anyone could read.
    /// </summary>
    private const ulong ReorderWindowNs = 1_000_000;

    // A line's fewest bytes: 19 digits of time, six spaces, a byte each for uid, pid, comm, tid, event, direction, and the newline.
    private const int ShortestLine = 32;

    private readonly LiddsLiveOptions _options;
    private readonly PendingOutputFile _file;
    private readonly LiddsZip _zip;
    private readonly FdTracker _descriptors;
    private readonly ProcFiles _proc = new();
    private readonly CommStrings _comms = new(escapeSpace: true);
    private readonly HashSet<int> _processes = [];
    private readonly ResourceSampler _resources = new();
    private readonly PacketCapture? _capture;
    private readonly ExploitMarks _marks;
    private readonly long _realtimeMinusMonotonic;
    private readonly double _startUnixSeconds;
    private readonly byte[] _buffer;
    private readonly int _longestLine;
    // The lines in _buffer, in time order: where each starts and its time.
    private readonly int[] _lineStarts;
    private readonly ulong[] _lineTimes;
    private int _lines;
    private ulong _newest;
    private int _used;
    private bool _finished;

    /// <param name="capture">The capture started for --pcap, which this output now owns.</param>
    public LiddsOutput(LiddsLiveOptions options, FdTracker descriptors, int snaplen, PacketCapture? capture)
    {
        _options = options;
        _descriptors = descriptors;
        _capture = capture;
        // The widest line: two paths and their absolute forms, each byte escaped to four, a buffer in base64, and the rest.
        _longestLine = 4 * 4 * 4096 + 2 * snaplen + 4096;
        // Room for the lines of a reorder window many times over, and more than that to write out at once.
        _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(Trace.LineFormat.BufferBytes, 4 * _longestLine));
        _lineStarts = new int[_buffer.Length / ShortestLine];
        _lineTimes = new ulong[_lineStarts.Length];
        _realtimeMinusMonotonic = Trace.WallClockStamp.RealtimeMinusMonotonicNow();
        _startUnixSeconds = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        _file = PendingOutputFile.Create(options.ZipPath, "Choose another name with --lidds DIR/NAME");
        try
        {
            _zip = new LiddsZip(_file.Stream, Path.GetFileNameWithoutExtension(options.ZipPath));
            _marks = ExploitMarks.Register(options.ZipPath);
        }
        catch
        {
            _file.Dispose();
            capture?.Dispose();
            throw;
        }
    }

    public string Name => _options.ZipPath;

    public long Records { get; private set; }

    public bool EchoClosed => false;

    public void Begin()
    {
    }

    public string Progress() => $"{Records} calls";

    public void Enter(in DecodedCall call)
    {
        if (!_descriptors.Knows(call.Tid))
            _proc.Seed(_descriptors, call.Pid);
        if (_processes.Add(call.Pid))
            _resources.Add(call.Pid);
        SysdigEvent? sysdigEvent = SysdigEvents.Of(call.Abi, call.Number);
        ulong time = UnixNs(call.EnterNs);
        var line = new SysdigLine(Room());
        line.Prefix(time, call.Uid, (uint)call.Pid, SysdigLine.Comm(_comms, call.Comm), (uint)call.Tid,
            sysdigEvent, call.Abi, call.Number, exit: false);
        SysdigCallRenderer.WriteEntry(ref line, new LiveSysdigCall(call, _descriptors), sysdigEvent);
        Commit(ref line, time);
    }

    public void Unfinished(in DecodedCall call)
    {
    }

    public void Complete(in DecodedCall call)
    {
        Records++;
        if (!call.Returned)
            return;
        _descriptors.Apply(call);
        SysdigEvent? sysdigEvent = SysdigEvents.Of(call.Abi, call.Number);
        // An exec's exit is the new program's, as sysdig's thread table has it by then.
        var live = new LiveSysdigCall(call, _descriptors);
        ReadOnlySpan<byte> newComm = SysdigCallRenderer.ExecComm(live);
        ulong time = UnixNs(call.ExitNs);
        var line = new SysdigLine(Room());
        line.Prefix(time, call.Uid, (uint)call.Pid, SysdigLine.Comm(_comms, newComm.IsEmpty ? call.Comm : newComm),
            (uint)call.Tid, sysdigEvent, call.Abi, call.Number, exit: true);
        SysdigCallRenderer.WriteExit(ref line, live, sysdigEvent, newComm);
        Commit(ref line, time);
    }

    public void Fork(in ProcessFork fork) => _descriptors.Fork(fork);

    public void Exit(in ProcessExit exit) => _descriptors.Exit(exit);

    public void Signal(in SignalDelivery signal)
    {
    }

    /// <summary>Writes the lines older than the reorder window; the newer wait for lines that may come before them.</summary>
    public void Flush() => WriteOut(_newest > ReorderWindowNs ? _newest - ReorderWindowNs : 0);

    public (string Where, IReadOnlyList<string> Notes) Finish()
    {
        WriteOut(ulong.MaxValue);
        IReadOnlyList<string> rows = _resources.Stop();
        double end = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        LiddsScenario scenario = _options.Scenario;
        IReadOnlyList<LiddsExploit> marks = _marks.Read();
        LiddsExploit[] exploits = [.. scenario.Exploits, .. marks];
        var metadata = new LiddsMetadata(scenario.Containers, scenario.Image, _startUnixSeconds, end, scenario.WarmupEndUnixSeconds,
            exploits, scenario.ExploitName);
        using (FileStream? capture = _capture?.Stop())
        {
            _file.Write(stream =>
            {
                _zip.Complete(metadata, rows, capture);
                _zip.Dispose();
                return 0;
            });
        }
        _file.Commit();
        _finished = true;
        IReadOnlyList<string> notes = marks.Count == 0 ? [] : [$"{marks.Count} {(marks.Count == 1 ? "exploit" : "exploits")} marked"];
        return ($"written to {_options.ZipPath}", notes);
    }

    public void Dispose()
    {
        _resources.Dispose();
        _capture?.Dispose();
        _marks.Dispose();
        if (!_finished)
        {
            try
            {
                _zip.Dispose();
            }
            catch (IOException)
            {
                // A full disk: the partial zip is deleted anyway.
            }
        }
        _file.Dispose();
    }

    private ulong UnixNs(ulong monotonicNs) => (ulong)((long)monotonicNs + _realtimeMinusMonotonic);

    private Span<byte> Room()
    {
        if (_buffer.Length - _used < _longestLine || _lines == _lineStarts.Length)
        {
            Flush();
            // The window holds more than the buffer: it shrinks to what the buffer holds.
            if (_buffer.Length - _used < _longestLine || _lines == _lineStarts.Length)
                WriteOut(ulong.MaxValue);
        }
        return _buffer.AsSpan(_used, _longestLine);
    }

    /// <summary>Ends the line written at the end of the buffer and puts it after the held lines of its time or earlier.</summary>
    private void Commit(ref SysdigLine line, ulong time)
    {
        line.Text("\n"u8);
        int start = _used, length = line.Length;
        _used += length;
        int at = _lines;
        while (at > 0 && _lineTimes[at - 1] > time)
            at--;
        if (at < _lines)
        {
            // Rare: the lines of later times move after this one.
            start = _lineStarts[at];
            Span<byte> moved = _buffer.AsSpan(start, _used - start);
            moved.Reverse();
            moved[..length].Reverse();
            moved[length..].Reverse();
            for (int i = _lines; i > at; i--)
            {
                _lineStarts[i] = _lineStarts[i - 1] + length;
                _lineTimes[i] = _lineTimes[i - 1];
            }
        }
        _lineStarts[at] = start;
        _lineTimes[at] = time;
        _lines++;
        _newest = Math.Max(_newest, time);
    }

    /// <summary>Writes out the held lines timed at or before <paramref name="upTo"/>, and keeps the rest.</summary>
    private void WriteOut(ulong upTo)
    {
        int count = 0;
        while (count < _lines && _lineTimes[count] <= upTo)
            count++;
        if (count == 0)
            return;
        int end = count == _lines ? _used : _lineStarts[count];
        _zip.Calls.Write(_buffer.AsSpan(0, end));
        _buffer.AsSpan(end, _used - end).CopyTo(_buffer);
        for (int i = count; i < _lines; i++)
        {
            _lineStarts[i - count] = _lineStarts[i] - end;
            _lineTimes[i - count] = _lineTimes[i];
        }
        _lines -= count;
        _used -= end;
    }
}
