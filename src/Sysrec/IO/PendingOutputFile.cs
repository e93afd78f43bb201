using System.Globalization;

namespace Sysrec.IO;

/// <summary>
/// An output file that appears only complete: it is written under a temporary name in the same
/// directory (created as <see cref="OutputFiles"/> creates every file) and renamed over its final name
/// by <see cref="Commit"/>. An error on the way, a full disk included, leaves the final name as it was.
/// A device or pipe at the path (/dev/stdout) is written directly instead, never replaced.
/// </summary>
internal sealed class PendingOutputFile : IDisposable
{
    // Null when writing directly into a device or pipe.
    private readonly string? _temporaryPath;
    private readonly string _remedy;
    private bool _committed;

    private PendingOutputFile(string path, string? temporaryPath, string remedy)
    {
        Path = path;
        _temporaryPath = temporaryPath;
        _remedy = remedy;
        var file = temporaryPath is null ? OutputFiles.Create(path, remedy) : OutputFiles.CreateNew(temporaryPath, remedy);
        Stream = new FileStream(file, FileAccess.Write, bufferSize: 64 * 1024);
    }

    public string Path { get; }

    public Stream Stream { get; }

    /// <param name="input">The recording the output is made from, which must not be written over.</param>
    /// <param name="remedy">What the user can do instead, ending an error message.</param>
    public static PendingOutputFile Create(string path, RecordingFiles input, string remedy)
    {
        if (input.Contains(path))
            throw SysrecException.BadArguments($"cannot write {path}: it is the recording being read. {remedy}");
        return Create(path, remedy);
    }

    /// <summary>An output made from no recording file (a live recording's).</summary>
    public static PendingOutputFile Create(string path, string remedy)
    {
        if (OutputFiles.RefuseToReplace(path, remedy))
            return new PendingOutputFile(path, temporaryPath: null, remedy);
        // Not named after the final file, whose name may already take all 255 bytes a name may have; the
        // process id keeps two concurrent runs apart.
        // Beside it as the path names it, which is how RefuseToReplace has just found its directory.
        string temporary = System.IO.Path.Join(System.IO.Path.GetDirectoryName(path), string.Create(CultureInfo.InvariantCulture, $".sysrec-{Environment.ProcessId}-output.partial"));
        return new PendingOutputFile(path, temporary, remedy);
    }

    /// <summary>Runs <paramref name="write"/>, turning a failed write (a full disk) into one error line.</summary>
    public T Write<T>(Func<Stream, T> write)
    {
        try
        {
            return write(Stream);
        }
        catch (IOException e)
        {
            throw CannotWrite(e);
        }
    }

    /// <summary>Flushes the file and gives it its final name, replacing what was there.</summary>
    public void Commit()
    {
        try
        {
            Stream.Dispose();
            if (_temporaryPath is not null)
                OutputFiles.Replace(_temporaryPath, Path, _remedy);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(e);
        }
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed)
            return;
        try
        {
            Stream.Dispose();
        }
        catch (IOException)
        {
            // The buffer could not be flushed (a full disk): the file is deleted anyway.
        }
        if (_temporaryPath is not null)
            OutputFiles.DeleteQuietly(_temporaryPath);
    }

    private SysrecException CannotWrite(Exception e) =>
        new(ExitCodes.Failure, $"cannot write {Path}: {FileErrors.Reason(e)}. {_remedy}", e);
}
