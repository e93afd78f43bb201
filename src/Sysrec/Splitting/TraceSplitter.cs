using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Sysrec.Analysis;
using Sysrec.IO;
using Sysrec.Syscalls;
using Sysrec.Text;
using Sysrec.Tracing;

namespace Sysrec.Splitting;

/// <param name="SyscallNames">Write syscall names (read, openat) instead of numbers.</param>
/// <param name="I386Numbering">Write every call in the i386 table, unmarked, as ADFA-LD has them.</param>
internal readonly record struct SplitOptions(bool SyscallNames = false, bool I386Numbering = false);

/// <param name="Unmapped">With i386 numbering, the x86_64 calls left out for having no i386 counterpart, by name.</param>
internal readonly record struct SplitSummary(long Lines, int Files, IReadOnlyDictionary<string, long> Unmapped);

/// <summary>
/// Splits a trace log into one file per (comm, pid), named <c>comm:pid.log</c> and holding that process's
/// syscall ids in order, separated by spaces: the layout of the ADFA-LD intrusion-detection dataset.
/// The log is streamed, so memory grows with the number of processes, never with the log's length.
/// </summary>
internal static class TraceSplitter
{
    public static SplitSummary Split(string inputPath, string outputDirectory, SplitOptions options = default)
    {
        using TextInput input = TextInput.Open(inputPath);
        using var outputs = new OutputSet(outputDirectory, options.SyscallNames, markTable: !options.I386Numbering);
        var unmapped = new Dictionary<string, long>(StringComparer.Ordinal);
        // Unescaping never lengthens the comm, so a line's length is always room enough.
        byte[] comm = new byte[LineReader.MaxLineLength];
        while (input.TryReadLine(out ReadOnlySpan<byte> line))
        {
            if (line.IsEmpty)
                throw input.Error("empty line");
            if (!TraceLine.TryParse(line, out uint pid, out SyscallAbi abi, out long syscallId, out ReadOnlySpan<byte> escapedComm, out string error))
                throw input.Error(error);
            if (!TraceLine.TryUnescapeComm(escapedComm, comm, out int commLength))
                throw input.Error("bad escape in comm");
            if (options.I386Numbering)
            {
                if (!I386Numbering.TryMap(abi, syscallId, out long i386Number))
                {
                    string name = SyscallTable.Name(abi, syscallId) ?? syscallId.ToString(CultureInfo.InvariantCulture);
                    unmapped[name] = unmapped.GetValueOrDefault(name) + 1;
                    continue;
                }
                (abi, syscallId) = (SyscallAbi.I386, i386Number);
            }
            outputs.Append(comm.AsSpan(0, commLength), pid, abi, syscallId);
        }
        if (input.LineNumber == 0)
            throw new SysrecException(ExitCodes.Usage, $"{inputPath}: empty, no trace lines");
        return new SplitSummary(input.LineNumber, outputs.Commit(), unmapped);
    }

    /// <summary>
    /// The output files of one split. Each is written under a temporary name and renamed only by
    /// <see cref="Commit"/>, so a log that turns out bad halfway leaves nothing behind. At most
    /// <see cref="MaxOpenFiles"/> stay open, the least recently used being closed, so that a log with
    /// thousands of processes does not run out of file descriptors.
    /// </summary>
    private sealed class OutputSet(string directory, bool syscallNames, bool markTable) : IDisposable
    {
        private const int MaxOpenFiles = 128;

        private readonly Dictionary<ProcessKey, OutputFile> _files = new(ProcessKeyComparer.Instance);
        // Most recently used first.
        private readonly LinkedList<OutputFile> _open = new();
        private bool _createdDirectory;
        private bool _committed;

        public void Append(ReadOnlySpan<byte> comm, uint pid, SyscallAbi abi, long syscallId)
        {
            try
            {
                var key = new CommAndPid(comm, pid);
                var files = _files.GetAlternateLookup<CommAndPid>();
                if (!files.TryGetValue(key, out OutputFile? file))
                {
                    if (_files.Count == 0)
                        CreateDirectory();
                    // Numbered rather than named after the final file: a final name can already take all
                    // 255 bytes a name may have. The process id keeps two concurrent splits apart.
                    file = new OutputFile(
                        Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $".sysrec-{Environment.ProcessId}-{_files.Count}.partial")),
                        Path.Combine(directory, OutputFileName.For(comm, pid)));
                    files.TryAdd(key, file);
                }
                MakeMostRecent(file);
                file.Append(abi, syscallId, syscallNames, markTable);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw CannotWrite(e);
            }
        }

        /// <summary>Gives every file its final name, replacing any file already there; returns how many there are.</summary>
        public int Commit()
        {
            try
            {
                foreach (OutputFile file in _open)
                    file.Close();
                _open.Clear();
                foreach (OutputFile file in _files.Values)
                    File.Move(file.TemporaryPath, file.FinalPath, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CannotWrite(e);
            }
            _committed = true;
            return _files.Count;
        }

        public void Dispose()
        {
            foreach (OutputFile file in _files.Values)
                file.Abandon();
            if (_committed)
                return;
            foreach (OutputFile file in _files.Values)
                DeleteQuietly(() => File.Delete(file.TemporaryPath));
            if (_createdDirectory)
                DeleteQuietly(() => Directory.Delete(directory));
        }

        // Cleanup must not hide the error that brought us here, and one file it cannot delete must not
        // keep it from deleting the others.
        private static void DeleteQuietly(Action delete)
        {
            try
            {
                delete();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        private void CreateDirectory()
        {
            _createdDirectory = !Directory.Exists(directory);
            Directory.CreateDirectory(directory);
        }

        private void MakeMostRecent(OutputFile file)
        {
            if (_open.First == file.Node)
                return;
            if (file.IsOpen)
            {
                _open.Remove(file.Node);
            }
            else if (_open.Count == MaxOpenFiles)
            {
                OutputFile leastRecent = _open.Last!.Value;
                _open.RemoveLast();
                file.Open(leastRecent.Close());
            }
            else
            {
                file.Open(new byte[OutputFile.BufferSize]);
            }
            _open.AddFirst(file.Node);
        }

        private SysrecException CannotWrite(Exception e) =>
            new(ExitCodes.Failure, $"cannot write to {directory}: {FileErrors.Reason(e)}", e);
    }

    /// <summary>
    /// One output file: its ids collect in a buffer while it is open. Every flush ends the file with its
    /// newline and the next flush writes over that newline, so the file on disk is always complete and a
    /// closed file never needs reopening at the end.
    /// </summary>
    private sealed class OutputFile
    {
        public const int BufferSize = 4096;

        // A separator, the widest syscall field and the newline a flush adds.
        private const int MaxEntryLength = 1 + TraceLine.MaxSyscallLength + 1;

        private SafeFileHandle? _handle;
        private byte[]? _buffer;
        private int _buffered;
        // Bytes on disk, not counting the newline the last flush put after them.
        private long _written;

        public OutputFile(string temporaryPath, string finalPath)
        {
            TemporaryPath = temporaryPath;
            FinalPath = finalPath;
            Node = new LinkedListNode<OutputFile>(this);
        }

        public string TemporaryPath { get; }

        public string FinalPath { get; }

        /// <summary>This file's place in the open files' recency list, made once so moving it allocates nothing.</summary>
        public LinkedListNode<OutputFile> Node { get; }

        public bool IsOpen => _handle is not null;

        public void Open(byte[] buffer)
        {
            // Nothing written yet means the first open. A file is only closed after its first id, so a
            // reopen finds it there; neither follows a link someone may have put in its place.
            const string Remedy = "Choose another directory with -d DIR";
            _handle = _written == 0 ? OutputFiles.CreateNew(TemporaryPath, Remedy) : OutputFiles.Reopen(TemporaryPath, Remedy);
            _buffer = buffer;
        }

        public void Append(SyscallAbi abi, long syscallId, bool syscallNames, bool markTable)
        {
            if (BufferSize - _buffered < MaxEntryLength)
                Flush();
            if (_written + _buffered > 0)
                _buffer![_buffered++] = (byte)' ';
            _buffered += TraceLine.FormatSyscall(abi, syscallId, _buffer.AsSpan(_buffered), syscallNames, markTable);
        }

        /// <summary>Flushes and closes the file, handing back its buffer for the next file to open.</summary>
        public byte[] Close()
        {
            Flush();
            byte[] buffer = _buffer!;
            Abandon();
            return buffer;
        }

        public void Abandon()
        {
            _handle?.Dispose();
            _handle = null;
            _buffer = null;
        }

        private void Flush()
        {
            _buffer![_buffered] = (byte)'\n';
            RandomAccess.Write(_handle!, _buffer.AsSpan(0, _buffered + 1), _written);
            _written += _buffered;
            _buffered = 0;
        }
    }
}
