using Sysrec.Decoding;
using Sysrec.Export;
using Sysrec.IO;
using Sysrec.Kernel;
using Sysrec.Syscalls;

namespace Sysrec.Recording;

/// <summary>
/// record/run --lidds DIR/NAME: a LID-DS 2021 recording made live. Each decoded call gives its entry
/// line as it enters and its exit line as it returns, so the lines are in the kernel's order across
/// threads, as sysdig's are; the parameters come from what the kernel read of the call and the fd table
/// (<see cref="SysdigCallRenderer"/>, <see cref="LiveSysdigCall"/>). The lines go straight into the zip's <c>.sc</c>; when the recording
/// ends the metadata (with the exploits marked meanwhile), the resource rows sampled each second and the
/// capture follow, and the zip, written under a temporary name, takes its own.
/// </summary>
internal sealed class LiddsOutput : IRecordingOutput, IDecodedSink
{
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
        _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(Trace.LineFormat.BufferBytes, 4 * _longestLine));
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
        var line = new SysdigLine(Room());
        line.Prefix(UnixNs(call.EnterNs), call.Uid, (uint)call.Pid, SysdigLine.Comm(_comms, call.Comm), (uint)call.Tid,
            sysdigEvent, call.Abi, call.Number, exit: false);
        SysdigCallRenderer.WriteEntry(ref line, new LiveSysdigCall(call, _descriptors), sysdigEvent);
        Commit(ref line);
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
        var line = new SysdigLine(Room());
        line.Prefix(UnixNs(call.ExitNs), call.Uid, (uint)call.Pid, SysdigLine.Comm(_comms, newComm.IsEmpty ? call.Comm : newComm),
            (uint)call.Tid, sysdigEvent, call.Abi, call.Number, exit: true);
        SysdigCallRenderer.WriteExit(ref line, live, sysdigEvent, newComm);
        Commit(ref line);
    }

    public void Fork(in ProcessFork fork) => _descriptors.Fork(fork);

    public void Exit(in ProcessExit exit) => _descriptors.Exit(exit);

    public void Signal(in SignalDelivery signal)
    {
    }

    public void Flush()
    {
        if (_used == 0)
            return;
        _zip.Calls.Write(_buffer.AsSpan(0, _used));
        _used = 0;
    }

    public (string Where, IReadOnlyList<string> Notes) Finish()
    {
        Flush();
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
        if (_buffer.Length - _used < _longestLine)
            Flush();
        return _buffer.AsSpan(_used, _longestLine);
    }

    private void Commit(ref SysdigLine line)
    {
        line.Text("\n"u8);
        _used += line.Length;
    }
}
