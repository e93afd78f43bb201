using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Sysrec.IO;

namespace Sysrec.Streaming;

/// <summary>
/// Reads the small files the broker options name: certificates, and files that hold a secret (a password,
/// a token, an NKey seed, a private key), which are read as ssh reads its keys: refused if anyone but their
/// owner can read them, or if their owner is neither this user nor root, since either could have read or
/// replaced them. Every fault is a usage error naming the option: the file is the user's to fix.
/// </summary>
internal static class BrokerFiles
{
    private const int MaxLength = 64 * 1024;
    private const uint GroupAndOthers = 0b000_111_111;

    /// <summary>The text of a file that holds a secret.</summary>
    public static string ReadSecret(string option, string path) => ReadText(option, path, secret: true);

    /// <summary>The text of a file anyone may read, such as a certificate.</summary>
    public static string ReadPublic(string option, string path) => ReadText(option, path, secret: false);

    private static string ReadText(string option, string path, bool secret)
    {
        // Opened by its exact bytes, as FileNames says why.
        using SafeFileHandle file = Interop.Libc.Open(path, Interop.Libc.O_RDONLY | Interop.Libc.O_CLOEXEC, 0);
        if (file.IsInvalid || Interop.Libc.FStatx(file, "", Interop.Libc.AT_EMPTY_PATH, Interop.Libc.STATX_UID | Interop.Libc.STATX_MODE, out var status) != 0)
            throw Unreadable(option, path, FileErrors.Reason(Marshal.GetLastPInvokeError()));
        if ((status.stx_mode & Interop.Libc.S_IFMT) != Interop.Libc.S_IFREG)
            throw Unreadable(option, path, (status.stx_mode & Interop.Libc.S_IFMT) == Interop.Libc.S_IFDIR ? "is a directory" : "not a regular file");
        if (secret && status.stx_uid != Interop.Libc.GetEuid() && status.stx_uid != 0)
            throw new SysrecException(ExitCodes.Usage, $"{option}: {path} belongs to user {status.stx_uid}, who could have read or replaced it. chown it to yourself or root");
        if (secret && (status.stx_mode & GroupAndOthers) != 0)
            throw new SysrecException(ExitCodes.Usage,
                $"{option}: {path} can be read by others than its owner (mode {Convert.ToString(status.stx_mode & 0b111_111_111, 8).PadLeft(4, '0')}), and it holds a secret. chmod 600 {path}");
        byte[] text = new byte[MaxLength + 1];
        int length;
        try
        {
            length = RandomAccess.Read(file, text, 0);
        }
        catch (IOException e)
        {
            throw Unreadable(option, path, FileErrors.Reason(e));
        }
        if (length > MaxLength)
            throw new SysrecException(ExitCodes.Usage, $"{option}: {path} is over {MaxLength / 1024} KB, too long for what it should hold. Check the file name");
        return Encoding.UTF8.GetString(text, 0, length);
    }

    private static SysrecException Unreadable(string option, string path, string reason) =>
        new(ExitCodes.Usage, $"{option}: cannot read {path}: {reason}. Check the file name");
}
