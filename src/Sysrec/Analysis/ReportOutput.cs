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

    /// <param name="input">The recording the output is made from, which must not be written over; null when it was made live.</param>
    /// <param name="remedy">What the user can do instead, ending the error message.</param>
    public static void ToFile(string path, RecordingFiles? input, string remedy, Action<Stream> write)
    {
        if (input?.Contains(path) == true)
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

    /// <summary>
    /// Refuses now, before a recording that may run a long while, a file <see cref="ToFile"/> would refuse
    /// at its end. A file that is there keeps what it holds until then, and none is left made meanwhile.
    /// </summary>
    public static void CheckWritable(string path, string remedy)
    {
        OutputFiles.CreateOrOpen(path, remedy, out bool created).Dispose();
        if (created)
            OutputFiles.DeleteQuietly(path);
    }
}
