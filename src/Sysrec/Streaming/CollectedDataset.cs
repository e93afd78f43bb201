using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Sysrec.IO;
using Sysrec.Recording;
using Sysrec.Tracing;

namespace Sysrec.Streaming;

/// <summary>What one collect added: records kept, records seen again and skipped, messages that were not batches.</summary>
internal readonly record struct CollectSummary(long Messages, long Records, long Duplicates, long Malformed, IReadOnlyList<string> Hosts);

/// <summary>
/// The dataset collect builds in a directory, one subdirectory per host holding that host's recording as
/// the local tools read it (<c>trace.log</c>, <c>trace.jsonl</c>) and, at the end, what is made from it
/// (<see cref="HostDataset"/>). Records arrive at least once; each is kept once, by its id: per recorder
/// (boot id, start), the next sequence number expected. The recordings only grow, and the file
/// <c>.sysrec-collect</c> remembers how far each is complete and where each recorder is: it is
/// rewritten, after the recordings reach the disk, each time a chunk of messages is kept (only then
/// are they acknowledged), so a collect that dies halfway loses nothing and keeps nothing twice.
/// </summary>
internal sealed class CollectedDataset : IDisposable
{
    public const string TraceFile = "trace.log";
    public const string JsonlFile = "trace.jsonl";
    private const string StateFile = ".sysrec-collect";
    private const string Remedy = "Choose another directory with -d DIR";

    private readonly string _directory;
    private readonly Dictionary<(Guid BootId, ulong StartNs), ulong> _nextSequence = [];
    private readonly Dictionary<string, long[]> _lengths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostRecording> _hosts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private long _messages;
    private long _records;
    private long _duplicates;
    private long _malformed;

    private CollectedDataset(string directory) => _directory = directory;

    /// <summary>Opens the dataset in <paramref name="directory"/>, creating it, or going on with what an earlier collect kept.</summary>
    public static CollectedDataset Open(string directory)
    {
        OutputFiles.CreateDirectory(directory, Remedy);
        var dataset = new CollectedDataset(directory);
        dataset.LoadState();
        return dataset;
    }

    /// <summary>Adds a message's records, those not kept before; false when it is not a record batch (counted, and left out).</summary>
    public bool Add(ReadOnlySpan<byte> message)
    {
        _messages++;
        if (!RecordBatch.TryRead(message, out RecordBatch.Header header, out _))
        {
            _malformed++;
            return false;
        }
        var recorder = (header.Recorder.BootId, header.Recorder.StartNs);
        ulong next = _nextSequence.GetValueOrDefault(recorder);
        HostRecording? host = null;
        for (int i = 0; i < header.Count; i++)
        {
            ulong sequence = header.FirstSequence + (ulong)i;
            if (sequence < next)
            {
                _duplicates++;
                continue;
            }
            host ??= Host(header.Recorder.Host, header.Flags);
            host.Write(RecordBatch.ReadRecord(message, header, i), header.Flags);
            next = sequence + 1;
            _records++;
        }
        _nextSequence[recorder] = next;
        return true;
    }

    /// <summary>Makes everything added so far durable: the recordings, then the state that counts them in.</summary>
    public void Commit()
    {
        foreach ((string name, HostRecording host) in _hosts)
            _lengths[name] = host.FlushToDisk();
        var state = new StringBuilder("sysrec-collect 1\n");
        foreach ((string name, long[] lengths) in _lengths)
            state.Append(CultureInfo.InvariantCulture, $"host {name} {lengths[0]} {lengths[1]}\n");
        foreach (((Guid bootId, ulong startNs), ulong next) in _nextSequence)
            state.Append(CultureInfo.InvariantCulture, $"recorder {bootId:N} {startNs} {next}\n");
        string path = Path.Combine(_directory, StateFile);
        string temporary = path + ".new";
        try
        {
            OutputFiles.Delete(temporary, Remedy);
            using (var file = OutputFiles.CreateNew(temporary, Remedy))
            {
                RandomAccess.Write(file, Encoding.ASCII.GetBytes(state.ToString()), 0);
                RandomAccess.FlushToDisk(file);
            }
            OutputFiles.Replace(temporary, path, Remedy);
        }
        catch (IOException e)
        {
            throw new SysrecException(ExitCodes.Failure, $"cannot write {path}: {FileErrors.Reason(e)}. {Remedy}");
        }
    }

    /// <summary>Builds each host's dataset from its recording, for the hosts this collect added to; returns what it did.</summary>
    public CollectSummary Finish()
    {
        Commit();
        foreach (HostRecording host in _hosts.Values)
            host.Dispose();
        _hosts.Clear();
        foreach (string name in _touched.Order(StringComparer.Ordinal))
            HostDataset.Write(Path.Combine(_directory, name));
        return new CollectSummary(_messages, _records, _duplicates, _malformed, [.. _touched.Order(StringComparer.Ordinal)]);
    }

    public void Dispose()
    {
        foreach (HostRecording host in _hosts.Values)
            host.Dispose();
    }

    private HostRecording Host(string name, byte flags)
    {
        if (!_hosts.TryGetValue(name, out HostRecording? host))
        {
            long[] lengths = _lengths.GetValueOrDefault(name) ?? [0, 0];
            host = HostRecording.Open(Path.Combine(_directory, name), lengths, withExit: (flags & RecordBatch.ExitFlag) != 0);
            _hosts[name] = host;
        }
        _touched.Add(name);
        return host;
    }

    private void LoadState()
    {
        string path = Path.Combine(_directory, StateFile);
        if (!FileNames.Exists(path))
            return;
        int lineNumber = 0;
        using var state = new StreamReader(FileNames.OpenRead(path));
        for (string? line; (line = state.ReadLine()) is not null;)
        {
            lineNumber++;
            string[] fields = line.Split(' ');
            bool read = (fields[0], fields.Length) switch
            {
                ("sysrec-collect", 2) => fields[1] == "1",
                ("host", 4) => HostName.IsValid(fields[1]) && TryLength(fields[2], out long log) && TryLength(fields[3], out long jsonl)
                    && _lengths.TryAdd(fields[1], [log, jsonl]),
                ("recorder", 4) => Guid.TryParseExact(fields[1], "N", out Guid boot)
                    && ulong.TryParse(fields[2], CultureInfo.InvariantCulture, out ulong start)
                    && ulong.TryParse(fields[3], CultureInfo.InvariantCulture, out ulong next)
                    && _nextSequence.TryAdd((boot, start), next),
                _ => false,
            };
            if (!read)
                throw new SysrecException(ExitCodes.Failure, $"{path}:{lineNumber}: not what collect writes. Collect into another directory with -d DIR");
        }
    }

    private static bool TryLength(string text, out long length) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out length);

    /// <summary>One host's recording, in both formats, written with the recorder's own writer.</summary>
    private sealed class HostRecording : IDisposable
    {
        private readonly TraceOutput _textOutput;
        private readonly TraceOutput _jsonlOutput;
        private readonly TraceWriter _text;
        private readonly TraceWriter _jsonl;
        private readonly bool _withExit;

        private HostRecording(TraceOutput textOutput, TraceOutput jsonlOutput, bool withExit)
        {
            _textOutput = textOutput;
            _jsonlOutput = jsonlOutput;
            _withExit = withExit;
            _text = new TraceWriter(textOutput, echo: null, TraceFormat.Text, syscallNames: false, withExit: false);
            _jsonl = new TraceWriter(jsonlOutput, echo: null, TraceFormat.Jsonl, syscallNames: false, withExit);
        }

        /// <param name="withExit">Whether the jsonl recording carries returns (its first records did); records without one show null.</param>
        public static HostRecording Open(string directory, long[] lengths, bool withExit)
        {
            OutputFiles.CreateDirectory(directory, Remedy);
            TraceOutput text = TraceOutput.Continue(Path.Combine(directory, TraceFile), lengths[0], Remedy);
            try
            {
                // A recording that already has lines says whether they carry returns.
                if (lengths[1] > 0)
                    withExit = FirstLineHasReturn(Path.Combine(directory, JsonlFile));
                return new HostRecording(text, TraceOutput.Continue(Path.Combine(directory, JsonlFile), lengths[1], Remedy), withExit);
            }
            catch
            {
                text.Dispose();
                throw;
            }
        }

        public void Write(SyscallRecord record, byte flags)
        {
            // A streamed record carries no paths: it is as long as a record without them.
            int size = Unsafe.SizeOf<SyscallRecord>();
            _text.Write(record, size);
            if (_withExit && (flags & RecordBatch.ExitFlag) == 0)
                record.DurationNs = SyscallRecord.NeverReturned;
            _jsonl.Write(record, size);
        }

        /// <summary>Writes out and syncs both files; returns their lengths.</summary>
        public long[] FlushToDisk()
        {
            _text.Flush();
            _jsonl.Flush();
            _textOutput.FlushToDisk();
            _jsonlOutput.FlushToDisk();
            return [_textOutput.Length, _jsonlOutput.Length];
        }

        public void Dispose()
        {
            _text.Dispose();
            _jsonl.Dispose();
        }

        private static bool FirstLineHasReturn(string path)
        {
            using var reader = new StreamReader(FileNames.OpenRead(path));
            return reader.ReadLine()?.Contains("\"ret\":", StringComparison.Ordinal) == true;
        }
    }
}
