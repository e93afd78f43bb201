using System.Runtime.InteropServices;
using Sysrec.IO;

namespace Sysrec.Streaming;

/// <summary>
/// Reads a file that holds a secret (a password, a token, an NKey seed, a private key), as ssh does its
/// keys: refused if anyone but its owner can read it, or if its owner is neither this user nor root,
/// since either could have read or replaced it.
/// </summary>
internal static class SecretFile
{
    private const int MaxLength = 64 * 1024;
    private const uint GroupAndOthers = 0b000_111_111;

    /// <summary>The file's text; <paramref name="option"/> names it in the errors, which are usage errors: the file is the user's to fix.</summary>
    public static string Read(string option, string path)
    {
        Check(option, path);
        try
        {
            using var reader = new StreamReader(path);
            char[] text = new char[MaxLength + 1];
            int length = reader.ReadBlock(text);
            if (length > MaxLength)
                throw new SysrecException(ExitCodes.Usage, $"{option}: {path} is over {MaxLength / 1024} KB, too long to be a secret. Check the file name");
            return new string(text, 0, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(option, path, e);
        }
    }

    /// <summary>Checks the file's owner and mode without reading it, for a file another library reads.</summary>
    public static void Check(string option, string path)
    {
        Interop.Libc.Statx status;
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            if (Interop.Libc.FStatx(file, "", Interop.Libc.AT_EMPTY_PATH, Interop.Libc.STATX_UID | Interop.Libc.STATX_MODE, out status) != 0)
                throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw Unreadable(option, path, e);
        }
        if ((status.stx_mode & Interop.Libc.S_IFMT) != Interop.Libc.S_IFREG)
            throw new SysrecException(ExitCodes.Usage, $"{option}: {path} is not a regular file. Give the file that holds the secret");
        if (status.stx_uid != Interop.Libc.GetEuid() && status.stx_uid != 0)
            throw new SysrecException(ExitCodes.Usage, $"{option}: {path} belongs to user {status.stx_uid}, who could have read or replaced it. chown it to yourself or root");
        if ((status.stx_mode & GroupAndOthers) != 0)
            throw new SysrecException(ExitCodes.Usage,
                $"{option}: {path} can be read by others than its owner (mode {Convert.ToString(status.stx_mode & 0b111_111_111, 8).PadLeft(4, '0')}), and it holds a secret. chmod 600 {path}");
    }

    private static SysrecException Unreadable(string option, string path, Exception e)
    {
        string reason = e is UnauthorizedAccessException && Directory.Exists(path) ? "is a directory" : FileErrors.Reason(e);
        return new SysrecException(ExitCodes.Usage, $"{option}: cannot read {path}: {reason}. Check the file name");
    }
}
