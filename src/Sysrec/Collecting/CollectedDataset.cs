using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using Sysrec.IO;
using Sysrec.Kernel;
using Sysrec.Streaming;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Collecting;

/// <summary>
/// The dataset collect builds in a directory, one subdirectory per host holding that host's recording as
/// the local tools read it (<c>trace.log</c>, <c>trace.jsonl</c>) and, at the end, what is made from it
/// (<see cref="HostDataset"/>). Records arrive at least once; each is kept once, by its id: per recorder
/// (boot id, start), the next sequence number expected; a batch past it waits (<see cref="BatchFate.Later"/>). The recordings only grow, and the file
/// <c>.sysrec-collect</c> remembers how far each is complete (<see cref="HostState"/>) and where each recorder is: it is
/// rewritten, after the recordings reach the disk, each time a chunk of messages is kept (only then
/// are they acknowledged), so a collect that dies halfway loses nothing and keeps nothing twice.
/// </summary>
internal sealed class CollectedDataset : IDisposable
{
    private const string StateFile = ".sysrec-collect";
    // Version 2 says of each host whether its jsonl recording carries returns; version 1, written before,
    // did not, and its recordings' first lines tell instead.
    private const int StateVersion = 2;
    private const string Remedy = "Choose another directory with -d DIR";
    // A collect holds a table in the making for each new host: 8,192 rows of about 200 bytes each.
    private const int DatasetRowGroupRows = 8192;

    private readonly string _directory;
    private readonly HostSubjects _subjects;
    private readonly Dictionary<RecorderKey, ulong> _nextSequence = [];
    private readonly Dictionary<string, HostState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostRecording> _hosts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    // The files of the hosts this collect is the first to add to, made as their records come.
    private readonly Dictionary<string, HostDataset> _built = new(StringComparer.Ordinal);
    private readonly HostWriters _writers = new(Environment.ProcessorCount);
    private long _messages;
    private long _records;
    private long _duplicates;
    private long _malformed;
    private long _wrongHost;
    private string? _firstWrongHost;
    private long _missing;

    private CollectedDataset(string directory, HostSubjects subjects)
    {
        _directory = directory;
        _subjects = subjects;
    }

    /// <summary>Opens the dataset in <paramref name="directory"/>, creating it, or going on with what an earlier collect kept.</summary>
    public static CollectedDataset Open(string directory, HostSubjects subjects)
    {
        OutputFiles.CreateDirectory(directory, Remedy);
        // Each host takes up to 130 open files (its recordings, and the per-process files it has open while
        // they are made): the soft limit, often 1,024, would stop a collect of a few hosts' worth.
        if (Interop.Libc.GetRlimit(Interop.Libc.RLIMIT_NOFILE, out Interop.Libc.Rlimit files) == 0 && files.rlim_cur < files.rlim_max)
            Interop.Libc.SetRlimit(Interop.Libc.RLIMIT_NOFILE, files with { rlim_cur = files.rlim_max });
        var dataset = new CollectedDataset(directory, subjects);
        dataset.LoadState();
        return dataset;
    }

    /// <summary>
    /// Adds the records of a message that came on <paramref name="subject"/>, those not kept before, unless
    /// records of its recorder before it are still to come (<see cref="BatchFate.Later"/>); with
    /// <paramref name="acceptGap"/> they are not, and are counted as missing.
    /// </summary>
    /// <remarks>The records are written in the background (<see cref="HostWriters"/>): <paramref name="message"/> must stay as it is until <see cref="Commit"/>.</remarks>
    public BatchFate Add(string subject, ReadOnlyMemory<byte> message, bool acceptGap, out RecorderKey recorder, out ulong firstSequence)
    {
        recorder = default;
        firstSequence = 0;
        if (!RecordBatch.TryRead(message.Span, out RecordBatch.Header header, out _))
        {
            _messages++;
            _malformed++;
            return BatchFate.NotABatch;
        }
        if (!_subjects.HostOf(subject).SequenceEqual(header.Recorder.Host))
        {
            _messages++;
            _wrongHost++;
            _firstWrongHost ??= $"records of {header.Recorder.Host} on {subject}";
            return BatchFate.WrongHost;
        }
        recorder = new RecorderKey(header.Recorder.BootId, header.Recorder.StartNs);
        firstSequence = header.FirstSequence;
        ulong next = _nextSequence.GetValueOrDefault(recorder);
        if (header.FirstSequence > next)
        {
            if (!acceptGap)
                return BatchFate.Later;
            _missing += (long)(header.FirstSequence - next);
            next = header.FirstSequence;
        }
        _messages++;
        // The records before the next one expected came before.
        int from = next > header.FirstSequence ? (int)Math.Min(next - header.FirstSequence, (ulong)header.Count) : 0;
        _duplicates += from;
        _records += header.Count - from;
        if (from < header.Count)
        {
            HostRecording host = Host(header.Recorder.Host, header.Flags);
            _writers.Post(host.Writer, () => host.WriteRecordings(message.Span, header, from));
            // The per-process files and the table are made beside, so that even one host keeps two cores busy.
            if (host.Dataset is { } dataset)
                _writers.Post(host.DatasetWriter, () => host.WriteDataset(dataset, message.Span, header, from));
            _nextSequence[recorder] = header.FirstSequence + (ulong)header.Count;
        }
        return BatchFate.Kept;
    }

    /// <summary>The sequence number of the next record of <paramref name="recorder"/> the dataset would keep.</summary>
    public ulong NextSequence(RecorderKey recorder) => _nextSequence.GetValueOrDefault(recorder);

    /// <summary>Makes everything added so far durable: the recordings, then the state that counts them in.</summary>
    public void Commit()
    {
        _writers.Drain();
        foreach ((string name, HostRecording host) in _hosts)
            _states[name] = host.FlushToDisk();
        var state = new StringBuilder($"sysrec-collect {StateVersion}\n");
        foreach ((string name, HostState host) in _states)
            state.Append(CultureInfo.InvariantCulture, $"host {name} {host.TextLength} {host.JsonlLength} {(host.WithExit ? 1 : 0)}\n");
        foreach ((RecorderKey recorder, ulong next) in _nextSequence)
            state.Append(CultureInfo.InvariantCulture, $"recorder {recorder.BootId:N} {recorder.StartNs} {next}\n");
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
        string[] touched = [.. _touched.Order(StringComparer.Ordinal)];
        // A host that had records before this collect has its files made again from its whole recording;
        // each host's files are its own, so those are made side by side, one host per core.
        try
        {
            Parallel.ForEach(touched, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                name => FinishDataset(name));
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return new CollectSummary(_messages, _records, _duplicates, _malformed, _wrongHost, _firstWrongHost, _missing, touched);
    }

    public void Dispose()
    {
        _writers.Dispose();
        foreach (HostRecording host in _hosts.Values)
            host.Dispose();
        foreach (HostDataset built in _built.Values)
            built.Dispose();
    }

    private void FinishDataset(string name)
    {
        if (_built.TryGetValue(name, out HostDataset? built))
            built.Commit();
        else
            HostDataset.Rebuild(Path.Combine(_directory, name));
    }

    private HostRecording Host(string name, byte flags)
    {
        if (!_hosts.TryGetValue(name, out HostRecording? host))
        {
            // A host new to the dataset carries returns if its first records do.
            HostState state = _states.GetValueOrDefault(name) is { JsonlLength: > 0 } kept
                ? kept
                : new HostState(0, 0, WithExit: (flags & RecordBatch.ExitFlag) != 0);
            host = HostRecording.Open(Path.Combine(_directory, name), state);
            host.Writer = _writers.Assign();
            host.DatasetWriter = _writers.Beside(host.Writer);
            _hosts[name] = host;
            if (state.JsonlLength == 0)
                _built[name] = host.Dataset = new HostDataset(Path.Combine(_directory, name), DatasetRowGroupRows);
        }
        _touched.Add(name);
        return host;
    }

    private void LoadState()
    {
        string path = Path.Combine(_directory, StateFile);
        // It says which records were kept: no link, nobody else's file, is taken for it.
        if (OutputFiles.RefuseToReplace(path, Remedy))
            throw new SysrecException(ExitCodes.Failure, $"cannot use {path}: it is not a regular file. {Remedy}");
        if (!FileNames.Exists(path))
            return;
        int lineNumber = 0;
        int version = 0;
        using var state = new StreamReader(FileNames.OpenRead(path));
        for (string? line; (line = state.ReadLine()) is not null;)
        {
            lineNumber++;
            string[] fields = line.Split(' ');
            bool read = (fields[0], fields.Length) switch
            {
                ("sysrec-collect", 2) => int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out version)
                    && version is 1 or StateVersion,
                ("host", 5) when version == StateVersion => HostName.IsValid(fields[1]) && TryLength(fields[2], out long log) && TryLength(fields[3], out long jsonl)
                    && fields[4] is "0" or "1" && _states.TryAdd(fields[1], new HostState(log, jsonl, WithExit: fields[4] == "1")),
                ("host", 4) when version == 1 => HostName.IsValid(fields[1]) && TryLength(fields[2], out long log) && TryLength(fields[3], out long jsonl)
                    && _states.TryAdd(fields[1], new HostState(log, jsonl, WithExit: jsonl > 0 && HostRecording.FirstRecordHasReturn(Path.Combine(_directory, fields[1])))),
                ("recorder", 4) => Guid.TryParseExact(fields[1], "N", out Guid boot)
                    && ulong.TryParse(fields[2], CultureInfo.InvariantCulture, out ulong start)
                    && ulong.TryParse(fields[3], CultureInfo.InvariantCulture, out ulong next)
                    && _nextSequence.TryAdd(new RecorderKey(boot, start), next),
                _ => false,
            };
            if (!read)
                throw new SysrecException(ExitCodes.Failure, $"{path}:{lineNumber}: not what collect writes. Collect into another directory with -d DIR");
        }
    }

    private static bool TryLength(string text, out long length) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out length);
}
