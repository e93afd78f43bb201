using Sysrec.IO;
using Sysrec.Kernel;
using Sysrec.Streaming;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Collecting;

/// <summary>
/// One host's recording in a dataset, in both formats (<see cref="TraceFile"/>, <see cref="JsonlFile"/>),
/// written by the recorder's own writers from the records of its batches, so that the local tools read it
/// as they read a recording made on the host.
/// </summary>
internal sealed class HostRecording : IDisposable
{
    public const string TraceFile = "trace.log";
    public const string JsonlFile = "trace.jsonl";
    private const string Remedy = "Choose another directory with -d DIR";

    private readonly TraceOutput _textOutput;
    private readonly TraceOutput _jsonlOutput;
    private readonly TraceWriter<TextLineFormatter> _text;
    private readonly TraceWriter<JsonLineFormatter> _jsonl;
    private readonly bool _withExit;
    // The clocks of the recorder whose records the jsonl recording has last, as its last clock event gave them.
    private long? _clockOffset;

    private HostRecording(TraceOutput textOutput, TraceOutput jsonlOutput, bool withExit)
    {
        _textOutput = textOutput;
        _jsonlOutput = jsonlOutput;
        _withExit = withExit;
        _text = new TraceWriter<TextLineFormatter>(textOutput, echo: null, new TextLineFormatter(syscallNames: false, stamp: null));
        _jsonl = new TraceWriter<JsonLineFormatter>(jsonlOutput, echo: null, new JsonLineFormatter(withExit, cgroups: null));
    }

    /// <summary>Goes on with the recording in <paramref name="directory"/> where <paramref name="state"/> says it is complete, or starts it.</summary>
    public static HostRecording Open(string directory, HostState state)
    {
        OutputFiles.CreateDirectory(directory, Remedy);
        TraceOutput text = TraceOutput.Continue(Path.Combine(directory, TraceFile), state.TextLength, Remedy);
        try
        {
            return new HostRecording(text, TraceOutput.Continue(Path.Combine(directory, JsonlFile), state.JsonlLength, Remedy), state.WithExit);
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether the jsonl recording in <paramref name="directory"/> carries returns, as its first record says
    /// (past the clock event before it): for a dataset whose state file (version 1) does not say so itself.
    /// </summary>
    public static bool FirstRecordHasReturn(string directory)
    {
        using var reader = new StreamReader(FileNames.OpenRead(Path.Combine(directory, JsonlFile)));
        string? line;
        while ((line = reader.ReadLine()) is not null && line.Contains("\"event\":", StringComparison.Ordinal))
        {
        }
        return line?.Contains("\"ret\":", StringComparison.Ordinal) == true;
    }

    /// <summary>The host's files in the making, for a host new in this collect; null when they are made again at the end.</summary>
    public HostDataset? Dataset { get; set; }

    /// <summary>The <see cref="HostWriters"/> thread that writes this host's recordings.</summary>
    public int Writer { get; set; }

    /// <summary>The thread that makes the host's <see cref="Dataset"/>.</summary>
    public int DatasetWriter { get; set; }

    /// <summary>Writes records <paramref name="from"/> on of a batch whose header was read to the recordings.</summary>
    public void WriteRecordings(ReadOnlySpan<byte> batch, in RecordBatch.Header header, int from)
    {
        // The recorder's clocks, before its records, as a recording made on the host starts with them.
        if (Clock(header) is ClockAnchor clock && clock.OffsetNs != _clockOffset)
        {
            _jsonl.WriteClock(clock);
            _clockOffset = clock.OffsetNs;
        }
        for (int i = from; i < header.Count; i++)
        {
            SyscallRecord record = RecordBatch.ReadRecord(batch, header, i);
            _text.Write(record);
            if (_withExit && (header.Flags & RecordBatch.ExitFlag) == 0)
                record.DurationNs = SyscallRecord.NeverReturned;
            _jsonl.Write(record);
        }
    }

    /// <summary>Adds the same records to <paramref name="dataset"/>, each as its jsonl line reads back.</summary>
    public void WriteDataset(HostDataset dataset, ReadOnlySpan<byte> batch, in RecordBatch.Header header, int from)
    {
        bool withExit = _withExit && (header.Flags & RecordBatch.ExitFlag) != 0;
        for (int i = from; i < header.Count; i++)
        {
            SyscallRecord record = RecordBatch.ReadRecord(batch, header, i);
            bool returned = withExit && record.DurationNs != SyscallRecord.NeverReturned;
            dataset.Add(TraceEntryKind.Syscall, new TraceEvent(record.Pid, TaskComm.Trim(record.Comm), new SyscallKey(record.Abi, record.SyscallId),
                returned ? record.Ret : null, returned ? record.DurationNs : null, record.TimestampNs, record.Tid, record.Args,
                new CallIdentity(record.Uid, record.Gid, record.CgroupId, cgroup: default)), default, Clock(header));
        }
    }

    private static ClockAnchor? Clock(in RecordBatch.Header header) =>
        header.Clock is RecorderClocks clocks ? new ClockAnchor(clocks.MonotonicNs, clocks.RealtimeNs) : null;

    /// <summary>Writes out and syncs both files; returns how far they are complete.</summary>
    public HostState FlushToDisk()
    {
        _text.Flush();
        _jsonl.Flush();
        _textOutput.FlushToDisk();
        _jsonlOutput.FlushToDisk();
        return new HostState(_textOutput.Length, _jsonlOutput.Length, _withExit);
    }

    public void Dispose()
    {
        _text.Dispose();
        _jsonl.Dispose();
    }
}
