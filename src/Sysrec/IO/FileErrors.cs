namespace Sysrec.IO;

internal static class FileErrors
{
    /// <summary>Says what went wrong with a file in a few words, without the path .NET messages repeat.</summary>
    public static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
        PathTooLongException => "file name too long",
        UnauthorizedAccessException => "permission denied",
        ArgumentException => "not a valid path",
        // The system's words for the errno, then " : 'PATH'".
        _ => e.Message.Split(" : '")[0],
    };
}
