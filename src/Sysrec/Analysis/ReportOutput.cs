using Sysrec.IO;

namespace Sysrec.Analysis;

/// <summary>
/// Where stats and seccomp write: stdout, or a file created as every sysrec output is. A write that fails
/// (a full disk) ends in one error line, not a stack trace; a closed pipe (<c>| head</c>) is not an error.
/// </summary>
internal static class ReportOutput
{
    public static void ToStdout(Action<Stream> write)
    {
        try
        {
            using Stream stdout = Console.OpenStandardOutput();
            write(stdout);
        }
        catch (IOException e)
        {
            throw new SysrecException(ExitCodes.Failure, $"cannot write to stdout: {FileErrors.Reason(e)}", e);
        }
    }

    /// <param name="input">The recording the output is made from, which must not be written over.</param>
    /// <param name="remedy">What the user can do instead, ending the error message.</param>
    public static void ToFile(string path, RecordingFiles input, string remedy, Action<Stream> write)
    {
        if (input.Contains(path))
            throw SysrecException.BadArguments($"cannot write {path}: it is the recording being read. {remedy}");
        try
        {
            using var file = new FileStream(OutputFiles.Create(path, remedy), FileAccess.Write);
            write(file);
        }
        catch (IOException e)
        {
            throw new SysrecException(ExitCodes.Failure, $"cannot write {path}: {FileErrors.Reason(e)}. {remedy}", e);
        }
    }
}
