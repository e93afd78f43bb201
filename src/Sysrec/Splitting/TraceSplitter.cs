using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Sysrec.IO;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Splitting;

/// <summary>
/// Splits a recording (text or jsonl) into one file per (comm, pid), named <c>comm:pid.log</c> and
/// holding that process's syscall ids in order, separated by spaces: the layout of the ADFA-LD
/// intrusion-detection dataset. The recording is streamed, so memory grows with the number of
/// processes, never with its length.
/// </summary>
internal static class TraceSplitter
{
    public static SplitSummary Split(RecordingFiles recording, string outputDirectory, SplitOptions options = default)
    {
        using TraceReader trace = TraceReader.Open(recording);
        using var split = new Writer(trace.Path, outputDirectory, options);
        while (trace.TryReadEntry(out TraceEntryKind kind, out TraceEvent syscall, out ExecEvent exec))
            split.Add(kind, syscall, exec);
        return split.Commit();
    }

    /// <summary>
    /// A split fed one entry at a time, for a writer that has them one by one rather than in a recording
    /// (collect, as records arrive). Nothing is in place until <see cref="Commit"/>.
    /// </summary>
    /// <param name="inputName">What the entries come from, for the errors.</param>
    internal sealed class Writer(string inputName, string outputDirectory, SplitOptions options) : IDisposable
    {
        private readonly OutputSet _outputs = new(outputDirectory, options.SyscallNames, markTable: !options.InI386Table, options.Adfa);
        private readonly Dictionary<string, long> _unmapped = new(StringComparer.Ordinal);
        // The program each process last exec'd, from jsonl exec events: the manifest's executable.
        private readonly Dictionary<uint, byte[]> _executables = [];
        private long _calls;

        public void Add(TraceEntryKind kind, in TraceEvent syscall, in ExecEvent exec)
        {
            if (kind == TraceEntryKind.Exec)
                _executables[exec.Pid] = exec.Exe.ToArray();
            if (kind != TraceEntryKind.Syscall)
                return;
            _calls++;
            (SyscallAbi abi, long syscallId) = (syscall.Syscall.Abi, syscall.Syscall.Number);
            if (options.InI386Table)
            {
                if (!I386Numbering.TryMap(abi, syscallId, out long i386Number))
                {
                    string name = SyscallTable.Name(abi, syscallId) ?? syscallId.ToString(CultureInfo.InvariantCulture);
                    _unmapped[name] = _unmapped.GetValueOrDefault(name) + 1;
                    return;
                }
                (abi, syscallId) = (SyscallAbi.I386, i386Number);
            }
            uint id = syscall.Pid;
            ReadOnlySpan<byte> fileName = syscall.Comm;
            if (options.By == SplitBy.Tid)
                id = syscall.Tid ?? throw new SysrecException(ExitCodes.Usage,
                    $"{inputName}: --by tid needs thread ids, and text lines carry none. Record with --format jsonl");
            if (options.By == SplitBy.Cgroup)
            {
                id = (uint)(syscall.Identity.CgroupId ?? throw new SysrecException(ExitCodes.Usage,
                    $"{inputName}: --by cgroup needs the cgroup of each call, and text lines carry none. Record with --format jsonl"));
                fileName = syscall.Identity.Cgroup;
            }
            OutputFile file = _outputs.Append(fileName, id, abi, syscallId);
            // A cgroup's file holds many processes: no one program names it.
            byte[]? executable = _executables.Count == 0 || options.By == SplitBy.Cgroup ? null : _executables.GetValueOrDefault(syscall.Pid);
            file.Count(syscall.TimestampNs, executable, syscall.Identity.Cgroup);
        }

        /// <summary>Puts the files (and the manifest, if asked for) in place; returns what was split.</summary>
        public SplitSummary Commit()
        {
            int files = _outputs.Commit(options.WriteManifest ? Manifest.IdColumn(options.By) : null);
            return new SplitSummary(_calls, files, _unmapped);
        }

        public void Dispose() => _outputs.Dispose();
    }

    /// <summary>
    /// The output files of one split. Each is written under a temporary name and renamed only by
    /// <see cref="Commit"/>, so a log that turns out bad halfway leaves nothing behind; the commit also
    /// removes the files of an earlier split into the same directory, which its manifest lists, so the
    /// directory holds this split and nothing stale. At most <see cref="MaxOpenFiles"/> stay open, the
    /// least recently used being closed, so that a log with thousands of processes does not run out of
    /// file descriptors.
    /// </summary>
    private sealed class OutputSet(string directory, bool syscallNames, bool markTable, AdfaLayout? adfa) : IDisposable
    {
        private const int MaxOpenFiles = 128;

        // Where the files go; the manifest is in the dataset's root, which for ADFA-LD's layout is above them.
        private readonly string _filesDirectory = adfa?.Directory ?? directory;
        private readonly string _manifestPath = Path.Combine(adfa?.Root ?? directory, Manifest.FileName);

        private readonly Dictionary<ProcessKey, OutputFile> _files = new(ProcessKeyComparer.Instance);
        // In the order they first appeared, for the manifest.
        private readonly List<OutputFile> _inOrder = [];
        // Most recently used first.
        private readonly LinkedList<OutputFile> _open = new();
        private string? _manifestTemporary;
        // The directories this split made, deepest last: removed again if it never commits.
        private readonly List<string> _createdDirectories = [];
        private bool _committed;

        /// <summary>Appends a call to the file of (comm, pid), pid being a tid when split by thread; returns that file.</summary>
        public OutputFile Append(ReadOnlySpan<byte> comm, uint pid, SyscallAbi abi, long syscallId)
        {
            try
            {
                var key = new CommAndPid(comm, pid);
                var files = _files.GetAlternateLookup<CommAndPid>();
                if (!files.TryGetValue(key, out OutputFile? file))
                {
                    if (_files.Count == 0)
                        CreateDirectories();
                    string name = adfa?.NextFileName() ?? OutputFileName.For(comm, pid);
                    file = new OutputFile(TemporaryPath(_files.Count.ToString(CultureInfo.InvariantCulture)), _filesDirectory, name,
                        adfa?.FromRoot(name) ?? name, comm.ToArray(), pid, adfaForm: adfa is not null);
                    files.TryAdd(key, file);
                    _inOrder.Add(file);
                }
                MakeMostRecent(file);
                file.Append(abi, syscallId, syscallNames, markTable);
                return file;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw CannotWrite(e);
            }
        }

        /// <summary>
        /// Gives every file its final name, replacing any file already there, and the manifest too when
        /// <paramref name="idColumn"/> names its id column; then removes what an earlier split into the
        /// directory wrote and this one did not, as its manifest lists. Returns how many files there are.
        /// </summary>
        public int Commit(string? idColumn)
        {
            try
            {
                // An empty recording is a dataset too, of no files: the directory and the manifest's header.
                if (_files.Count == 0)
                    CreateDirectories();
                // ADFA-LD's folders are added to, so nothing there is stale, and the manifest keeps its rows.
                IReadOnlyList<string>? earlier = adfa is null ? Manifest.ReadFileNames(_manifestPath) : null;
                if (idColumn is not null)
                {
                    IReadOnlyList<string> kept = adfa is null ? [] : Manifest.ReadRows(_manifestPath, idColumn, Remedy);
                    _manifestTemporary = Path.Combine(adfa?.Root ?? directory, TemporaryName("manifest"));
                    using var manifest = new FileStream(OutputFiles.CreateNew(_manifestTemporary, Remedy), FileAccess.Write);
                    Manifest.Write(manifest, idColumn, kept, _inOrder);
                }
                foreach (OutputFile file in _open)
                    file.Close();
                _open.Clear();
                foreach (OutputFile file in _files.Values)
                    OutputFiles.Replace(file.TemporaryPath, file.FinalPath, Remedy);
                _committed = true;
                var written = new HashSet<string>(_files.Values.Select(file => file.FileName), StringComparer.Ordinal);
                foreach (string stale in earlier ?? [])
                {
                    if (!written.Contains(stale))
                        OutputFiles.DeleteOwnFile(Path.Combine(directory, stale), Remedy);
                }
                if (_manifestTemporary is not null)
                    OutputFiles.Replace(_manifestTemporary, _manifestPath, Remedy);
                else if (earlier is not null)
                    OutputFiles.DeleteOwnFile(_manifestPath, Remedy);
            }
            catch (IOException e)
            {
                throw CannotWrite(e);
            }
            return _files.Count;
        }

        public void Dispose()
        {
            foreach (OutputFile file in _files.Values)
                file.Abandon();
            // Gone once committed, unless the files were and it could not be. Cleanup never hides the
            // error that brought us here, and one file it cannot delete does not keep the others.
            if (_manifestTemporary is not null)
                OutputFiles.DeleteQuietly(_manifestTemporary);
            if (_committed)
                return;
            foreach (OutputFile file in _files.Values)
                OutputFiles.DeleteQuietly(file.TemporaryPath);
            for (int i = _createdDirectories.Count - 1; i >= 0; i--)
                OutputFiles.DeleteQuietly(_createdDirectories[i], directory: true);
        }

        private string TemporaryPath(string name) => Path.Combine(_filesDirectory, TemporaryName(name));

        // Numbered rather than named after the final file: a final name can already take all 255 bytes a
        // name may have. The process id keeps two concurrent splits apart.
        private static string TemporaryName(string name) =>
            string.Create(CultureInfo.InvariantCulture, $".sysrec-{Environment.ProcessId}-{name}.partial");

        private void CreateDirectories()
        {
            string path = adfa?.Root ?? directory;
            CreateDirectory(path);
            foreach (string folder in adfa?.Folders ?? [])
                CreateDirectory(path = Path.Combine(path, folder));
        }

        private void CreateDirectory(string path)
        {
            if (OutputFiles.CreateDirectory(path, Remedy))
                _createdDirectories.Add(path);
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

    private const string Remedy = "Choose another directory with -d DIR";

    /// <summary>
    /// One output file: its ids collect in a buffer while it is open. Every flush ends the file with its
    /// newline and the next flush writes over that newline, so the file on disk is always complete and a
    /// closed file never needs reopening at the end. In ADFA-LD's form every id is followed by a space
    /// and there is no newline.
    /// </summary>
    internal sealed class OutputFile : Manifest.IEntry
    {
        public const int BufferSize = 4096;

        // A separator, the widest syscall field and the newline a flush adds.
        private const int MaxEntryLength = 1 + TraceLine.MaxSyscallLength + 1;

        private SafeFileHandle? _handle;
        private byte[]? _buffer;
        private int _buffered;
        // Bytes on disk, not counting the newline the last flush put after them.
        private long _written;

        private readonly bool _adfaForm;

        /// <param name="manifestName">The file as the manifest names it: from the dataset's root.</param>
        public OutputFile(string temporaryPath, string directory, string fileName, string manifestName, byte[] comm, uint id, bool adfaForm)
        {
            TemporaryPath = temporaryPath;
            FileName = manifestName;
            FinalPath = Path.Combine(directory, fileName);
            _adfaForm = adfaForm;
            Comm = comm;
            Id = id;
            Node = new LinkedListNode<OutputFile>(this);
        }

        public string TemporaryPath { get; }

        public string FinalPath { get; }

        public string FileName { get; }

        public byte[] Comm { get; }

        public uint Id { get; }

        public byte[]? Executable { get; private set; }

        public long Calls { get; private set; }

        public ulong? FirstTimestampNs { get; private set; }

        public ulong? LastTimestampNs { get; private set; }

        public byte[]? Cgroup { get; private set; }

        /// <summary>This file's place in the open files' recency list, made once so moving it allocates nothing.</summary>
        public LinkedListNode<OutputFile> Node { get; }

        public bool IsOpen => _handle is not null;

        /// <summary>Notes a call for the manifest: its time, the program its process runs and its cgroup, if the recording tells.</summary>
        public void Count(ulong? timestampNs, byte[]? executable, ReadOnlySpan<byte> cgroup)
        {
            if (Calls == 0 && !cgroup.IsEmpty)
                Cgroup = cgroup.ToArray();
            Calls++;
            FirstTimestampNs ??= timestampNs;
            LastTimestampNs = timestampNs ?? LastTimestampNs;
            Executable = executable ?? Executable;
        }

        public void Open(byte[] buffer)
        {
            // Nothing written yet means the first open. A file is only closed after its first id, so a
            // reopen finds it there; neither follows a link someone may have put in its place.
            _handle = _written == 0 ? OutputFiles.CreateNew(TemporaryPath, Remedy) : OutputFiles.Reopen(TemporaryPath, Remedy);
            _buffer = buffer;
        }

        public void Append(SyscallAbi abi, long syscallId, bool syscallNames, bool markTable)
        {
            if (BufferSize - _buffered < MaxEntryLength)
                Flush();
            if (!_adfaForm && _written + _buffered > 0)
                _buffer![_buffered++] = (byte)' ';
            _buffered += TraceLine.FormatSyscall(abi, syscallId, _buffer.AsSpan(_buffered), syscallNames, markTable);
            if (_adfaForm)
                _buffer![_buffered++] = (byte)' ';
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
            int end = _buffered;
            if (!_adfaForm)
                _buffer![end++] = (byte)'\n';
            RandomAccess.Write(_handle!, _buffer.AsSpan(0, end), _written);
            _written += _buffered;
            _buffered = 0;
        }
    }
}
