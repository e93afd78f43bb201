using Sysrec.Kernel;
using Sysrec.Trace;

namespace Sysrec.Recording;

/// <summary>
/// -ff's files, NAME.ID, one per process or thread, each with its own writer. A machine can run more
/// tasks than a recorder should hold files open, so past <paramref name="maxOpen"/> the least recently
/// written is closed and taken up again where it ended.
/// </summary>
/// <param name="partHeader">The line a new file starts with (a jsonl recording's clock event); null for none.</param>
/// <param name="writerOf">The writer of a file just opened or taken up again.</param>
internal sealed class TaskFiles<TWriter>(string basePath, int maxOpen, Func<byte[]>? partHeader, Func<TraceOutput, TWriter> writerOf) : IDisposable
    where TWriter : class, IRecordingOutput
{
    private const string Remedy = "Choose another name with -o NAME";

    private readonly Dictionary<uint, TaskFile> _files = [];
    private int _open;
    private long _uses;
    // Bytes in the files closed meanwhile, for the progress.
    private long _closedBytes;

    public string Name => $"{basePath}.PID";

    public int Count => _files.Count;

    public TWriter Of(uint id)
    {
        if (!_files.TryGetValue(id, out TaskFile? file))
        {
            file = new TaskFile($"{basePath}.{id}");
            _files.Add(id, file);
        }
        file.LastUse = ++_uses;
        if (file.Writer is null)
        {
            if (_open == maxOpen)
                CloseLeastRecentlyWritten();
            // A file taken up again keeps what it has; a new one starts empty, whatever an earlier recording left.
            file.Output = file.Length is long length ? TraceOutput.Continue(file.Path, length, Remedy) : new TraceOutput(file.Path, maxBytes: null, partHeader);
            file.Writer = writerOf(file.Output);
            _open++;
        }
        return file.Writer;
    }

    public void Flush()
    {
        foreach (TaskFile file in _files.Values)
            file.Writer?.Flush();
    }

    public string Progress() =>
        $"{(_closedBytes + _files.Values.Sum(file => file.Output?.TotalBytes ?? 0)) / (1024.0 * 1024.0):0.0} MiB written";

    public void Dispose()
    {
        foreach (TaskFile file in _files.Values)
            file.Writer?.Dispose();
    }

    private void CloseLeastRecentlyWritten()
    {
        TaskFile oldest = _files.Values.Where(file => file.Writer is not null).MinBy(file => file.LastUse)!;
        oldest.Writer!.Dispose();
        oldest.Length = oldest.Output!.Length;
        _closedBytes += oldest.Output.TotalBytes;
        oldest.Writer = null;
        oldest.Output = null;
        _open--;
    }

    private sealed class TaskFile(string path)
    {
        public string Path { get; } = path;
        public TraceOutput? Output { get; set; }
        public TWriter? Writer { get; set; }
        /// <summary>Set while the file is closed: how long it is.</summary>
        public long? Length { get; set; }
        public long LastUse { get; set; }
    }
}
