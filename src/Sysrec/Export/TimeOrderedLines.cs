using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Sysrec.Export;

/// <summary>
/// Lines put in time order, as LID-DS's tools read them. A --exit or --decode recording holds each call
/// when it returned, so a call that blocked (a read on a pipe, a server's accept) comes after every call
/// the other threads made meanwhile. Nothing in the recording bounds how long a call may block, so no
/// window of time or of lines would be enough; the lines are sorted instead, in bounded memory: up to
/// <see cref="HeldBytes"/> of lines are held, then written sorted, as a run, into a temporary directory
/// of their own (in $TMPDIR), and the runs are merged at the end, each read through <see cref="RunBufferBytes"/>.
/// So memory stays at about 30 MiB whatever the recording's size (the held lines, their index, a buffer
/// per run), a recording of fewer lines than that never touches the disk, and a larger one needs as
/// much room in $TMPDIR as its lines, for as long as the export runs. Lines of the same
/// time keep the order they were added in: a call's entry before its exit.
/// </summary>
internal sealed class TimeOrderedLines : IDisposable
{
    public const int HeldBytes = 16 << 20;
    public const int RunBufferBytes = 64 << 10;
    // A run's line: its time and length, then its bytes.
    public const int RunHeaderBytes = sizeof(ulong) + sizeof(int);

    private readonly byte[] _held = GC.AllocateUninitializedArray<byte>(HeldBytes);
    private readonly List<(ulong Time, int Offset, int Length)> _lines = [];
    private readonly List<string> _runs = [];
    private readonly int _longestLine;
    private DirectoryInfo? _directory;
    private int _used;

    /// <param name="longestLine">The most bytes one line may have.</param>
    public TimeOrderedLines(int longestLine) => _longestLine = longestLine;

    /// <summary>The directory of the runs, once there are any; gone with this.</summary>
    public string? RunsDirectory => _directory?.FullName;

    public void Add(ulong time, ReadOnlySpan<byte> line)
    {
        if (HeldBytes - _used < line.Length)
            Spill();
        line.CopyTo(_held.AsSpan(_used));
        _lines.Add((time, _used, line.Length));
        _used += line.Length;
    }

    /// <summary>Writes every line added, in time order.</summary>
    public void WriteTo(Stream output)
    {
        Span<(ulong Time, int Offset, int Length)> held = SortHeld();
        byte[] chunk = new byte[RunBufferBytes + _longestLine];
        int used = 0;
        void Write(ReadOnlySpan<byte> line)
        {
            line.CopyTo(chunk.AsSpan(used));
            used += line.Length;
            if (used >= RunBufferBytes)
            {
                output.Write(chunk, 0, used);
                used = 0;
            }
        }

        var runs = new List<SortedRun>(_runs.Count);
        try
        {
            foreach (string run in _runs)
                runs.Add(SortedRun.Open(run, _longestLine));
            // The held lines are the newest run; a tie goes to the run added first.
            var next = new PriorityQueue<int, (ulong Time, int Run)>();
            for (int i = 0; i < runs.Count; i++)
            {
                if (runs[i].MoveNext())
                    next.Enqueue(i, (runs[i].Time, i));
            }
            int heldAt = 0;
            if (held.Length > 0)
                next.Enqueue(runs.Count, (held[0].Time, runs.Count));
            while (next.TryDequeue(out int run, out _))
            {
                if (run == runs.Count)
                {
                    Write(_held.AsSpan(held[heldAt].Offset, held[heldAt].Length));
                    if (++heldAt < held.Length)
                        next.Enqueue(run, (held[heldAt].Time, run));
                }
                else
                {
                    Write(runs[run].Line);
                    if (runs[run].MoveNext())
                        next.Enqueue(run, (runs[run].Time, run));
                }
            }
            output.Write(chunk, 0, used);
        }
        finally
        {
            foreach (SortedRun run in runs)
                run.Dispose();
        }
    }

    public void Dispose()
    {
        try
        {
            _directory?.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in $TMPDIR, which the system cleans.
        }
    }

    private Span<(ulong Time, int Offset, int Length)> SortHeld()
    {
        Span<(ulong Time, int Offset, int Length)> held = CollectionsMarshal.AsSpan(_lines);
        // The offset is the order of adding, which breaks ties.
        held.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Offset.CompareTo(b.Offset));
        return held;
    }

    private void Spill()
    {
        try
        {
            // mkdtemp's: a new directory that only this user can enter.
            _directory ??= Directory.CreateTempSubdirectory("sysrec-lidds-");
            string path = Path.Join(_directory.FullName, _runs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using (var run = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, RunBufferBytes))
            {
                Span<byte> header = stackalloc byte[RunHeaderBytes];
                foreach ((ulong time, int offset, int length) in SortHeld())
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(header, time);
                    BinaryPrimitives.WriteInt32LittleEndian(header[sizeof(ulong)..], length);
                    run.Write(header);
                    run.Write(_held, offset, length);
                }
            }
            _runs.Add(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TemporaryFailure(_directory?.FullName ?? Path.GetTempPath(), e);
        }
        _lines.Clear();
        _used = 0;
    }

    /// <summary>The error of a run that could not be written or read back.</summary>
    public static SysrecException TemporaryFailure(string directory, Exception e) =>
        new(ExitCodes.Failure, $"{directory}: cannot hold the lines being put in time order: {e.Message}. "
            + "Free room there, or set TMPDIR to a directory with room for the recording's lines");
}
