using Sysrec.Export;
using Sysrec.IO;
using Sysrec.Splitting;
using Sysrec.Trace;

namespace Sysrec.Collecting;

/// <summary>
/// What a dataset holds for one host besides its recording: the one place that turns a host's records
/// into the dataset's files, the same the local tools make of a recording: its per-process
/// <c>comm:pid.log</c> files and their <c>manifest.csv</c> (as <c>sysrec split</c> writes them) and a Parquet
/// table (as <c>sysrec export</c> writes it). They are made as the records come (<see cref="Add"/>), and
/// appear only whole, at <see cref="Commit"/>; or made again from the host's recording (<see cref="Rebuild"/>).
/// </summary>
internal sealed class HostDataset : IDisposable
{
    public const string ParquetFile = "trace.parquet";
    private const string Remedy = "Choose another directory with -d DIR";

    private readonly string _directory;
    private readonly TraceSplitter.Writer _split;
    private readonly PendingOutputFile _tableFile;
    private readonly ParquetExport.Table _table;

    /// <param name="rowGroupRows">Rows of the table a group, fewer for a collect that holds many hosts' tables at once.</param>
    public HostDataset(string hostDirectory, int rowGroupRows = ParquetExport.RowGroupRows)
    {
        _directory = hostDirectory;
        string recording = Path.Combine(hostDirectory, HostRecording.JsonlFile);
        _split = new TraceSplitter.Writer(recording, hostDirectory, new SplitOptions(WriteManifest: true));
        try
        {
            _tableFile = PendingOutputFile.Create(Path.Combine(hostDirectory, ParquetFile), recording, Remedy);
            _table = new ParquetExport.Table(_tableFile.Stream, rowGroupRows: rowGroupRows);
        }
        catch
        {
            _tableFile?.Dispose();
            _split.Dispose();
            throw;
        }
    }

    /// <summary>Makes the dataset of the host whose recording (<see cref="HostRecording.JsonlFile"/>) is in <paramref name="hostDirectory"/> anew from it.</summary>
    public static void Rebuild(string hostDirectory)
    {
        // The jsonl recording rather than the text one: the manifest then has the calls' times.
        using TraceReader trace = TraceReader.Open(Path.Combine(hostDirectory, HostRecording.JsonlFile));
        using var dataset = new HostDataset(hostDirectory);
        while (trace.TryReadEntry(out TraceEntryKind kind, out TraceEvent syscall, out ExecEvent exec))
            dataset.Add(kind, syscall, exec, trace.Clock);
        dataset.Commit();
    }

    /// <param name="clock">The recorder's clocks, for the table's Unix times; null when its batches had none.</param>
    public void Add(TraceEntryKind kind, in TraceEvent syscall, in ExecEvent exec, ClockAnchor? clock)
    {
        _split.Add(kind, syscall, exec);
        if (kind != TraceEntryKind.Syscall)
            return;
        try
        {
            _table.Add(syscall, clock);
        }
        catch (IOException e)
        {
            throw CannotWrite(e);
        }
    }

    /// <summary>Puts the files in place, replacing those an earlier collect made.</summary>
    public void Commit()
    {
        try
        {
            _table.Finish();
        }
        catch (IOException e)
        {
            throw CannotWrite(e);
        }
        _tableFile.Commit();
        _split.Commit();
    }

    public void Dispose()
    {
        _tableFile.Dispose();
        _split.Dispose();
    }

    private SysrecException CannotWrite(IOException e) =>
        new(ExitCodes.Failure, $"cannot write {Path.Combine(_directory, ParquetFile)}: {FileErrors.Reason(e)}. {Remedy}");
}
