namespace Sysrec.Recording;

internal static class OutputFile
{
    /// <summary>
    /// Creates (or truncates) a file for a recording, readable by its owner only, since it tells what
    /// other users' programs did. Errors name the file and say what to do.
    /// </summary>
    public static FileStream Create(string path)
    {
        try
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                Share = FileShare.Read,
                BufferSize = 0,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysrecException(ExitCodes.Failure, $"cannot write {path}: {e.Message} Choose another file with -o FILE");
        }
    }
}
