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

    /// <summary>The system's reason for an errno in the same few lowercase words ("no such file or directory").</summary>
    public static string Reason(int errno)
    {
        string message = System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);
        return char.ToLowerInvariant(message[0]) + message[1..];
    }
}
