using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Sysrec.Text;

namespace Sysrec.IO;

/// <summary>
/// Finds the directory an output goes into the way a tool that runs as root must: component by
/// component, each opened relative to the one before (so nothing can be swapped in between), following
/// a symbolic link only when root, sysrec's own user or the user who ran it through sudo owns it, and
/// refusing a directory that another user put in a directory others can write to (a sticky /tmp's
/// entries). What another user placed could lead anywhere, /root included; a link root placed
/// (/var/run -> /run) is followed as the kernel would.
/// </summary>
internal static class OutputPaths
{
    // The kernel's own limit (MAXSYMLINKS), after which it says ELOOP.
    private const int MaxLinks = 40;
    private const uint DirectoryMode = 0b111_101_101; // 0755, as mkdir makes it

    private static readonly uint[] s_trusted = TrustedOwners();

    /// <summary>Opens the directory <paramref name="path"/> is in; <paramref name="name"/> is its last component.</summary>
    public static SafeFileHandle OpenParent(string path, string remedy, out string name)
    {
        int slash = path.LastIndexOf('/');
        name = path[(slash + 1)..];
        if (path.Length == 0)
            throw Refused("''", "an empty name names no file", remedy);
        if (name is "" or "." or "..")
            throw Refused(path, "it names a directory, not a file", remedy);
        string directory = slash < 0 ? "." : slash == 0 ? "/" : path[..slash];
        return OpenDirectory(directory, path, remedy, create: false, out _);
    }

    /// <summary>Opens the directory <paramref name="directory"/>, creating what is missing of it when <paramref name="create"/> is set.</summary>
    /// <param name="createdLast">Whether its last component was created here.</param>
    public static SafeFileHandle OpenDirectory(string directory, string remedy, bool create, out bool createdLast) =>
        OpenDirectory(directory, directory, remedy, create, out createdLast);

    private static SafeFileHandle OpenDirectory(string directory, string path, string remedy, bool create, out bool createdLast)
    {
        createdLast = false;
        var pending = new Stack<string>(Components(directory));
        SafeFileHandle current = Root(directory.StartsWith('/') ? "/" : ".", path, remedy);
        int links = 0;
        // How far the walk has come, for saying where a directory is missing.
        string walked = directory.StartsWith('/') ? "" : Environment.CurrentDirectory.TrimEnd('/');
        try
        {
            while (pending.TryPop(out string? component))
            {
                walked = $"{walked}/{component}";
                createdLast = create && Interop.Libc.MkdirAt(current, component, DirectoryMode) == 0;
                SafeFileHandle? next = Step(current, component, path, remedy, out string? target, walked);
                if (next is null)
                {
                    if (++links > MaxLinks)
                        throw Failed(path, Interop.Libc.ELOOP, remedy);
                    foreach (string part in Components(target!))
                        pending.Push(part);
                    if (target!.StartsWith('/'))
                    {
                        current.Dispose();
                        current = Root("/", path, remedy);
                        walked = "";
                    }
                    else
                    {
                        walked = walked[..walked.LastIndexOf('/')];
                    }
                    continue;
                }
                current.Dispose();
                current = next;
            }
            return current;
        }
        catch
        {
            current.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens <paramref name="component"/> of <paramref name="directory"/> if it is a directory it may
    /// go through; null and the link's target if it is a link it may follow.
    /// </summary>
    /// <param name="walked">The path up to this component, for saying it is missing.</param>
    private static SafeFileHandle? Step(SafeFileHandle directory, string component, string path, string remedy, out string? target, string walked)
    {
        target = null;
        SafeFileHandle next = Interop.Libc.OpenAt(directory, component, Interop.Libc.O_PATH | Interop.Libc.O_NOFOLLOW | Interop.Libc.O_CLOEXEC, 0);
        if (next.IsInvalid)
        {
            int error = Marshal.GetLastPInvokeError();
            next.Dispose();
            throw error == Interop.Libc.ENOENT ? Refused(path, $"no such directory {walked}", remedy) : Failed(path, error, remedy);
        }
        try
        {
            Interop.Libc.Statx entry = Status(next, path, remedy);
            int type = entry.stx_mode & Interop.Libc.S_IFMT;
            if (type == Interop.Libc.S_IFLNK)
            {
                if (!IsTrusted(entry.stx_uid))
                    throw Refused(path, $"{walked} is a symbolic link another user (uid {entry.stx_uid}) owns, which could lead anywhere; sysrec follows only links of root's or yours", remedy);
                target = LinkTarget(next, path, remedy);
                next.Dispose();
                return null;
            }
            if (type != Interop.Libc.S_IFDIR)
                throw Failed(path, Interop.Libc.ENOTDIR, remedy);
            // A directory's parent (..) is no entry anyone put there.
            if (component != ".." && !IsTrusted(entry.stx_uid) && OthersCanWrite(Status(directory, path, remedy)))
                throw Refused(path, $"{walked} is a directory another user (uid {entry.stx_uid}) made where others can write, and what is in it is theirs to change", remedy);
            return next;
        }
        catch
        {
            next.Dispose();
            throw;
        }
    }

    private static SafeFileHandle Root(string start, string path, string remedy)
    {
        SafeFileHandle root = Interop.Libc.Open(start, Interop.Libc.O_PATH | Interop.Libc.O_DIRECTORY | Interop.Libc.O_CLOEXEC, 0);
        if (!root.IsInvalid)
            return root;
        int error = Marshal.GetLastPInvokeError();
        root.Dispose();
        throw Failed(path, error, remedy);
    }

    private static Interop.Libc.Statx Status(SafeFileHandle file, string path, string remedy)
    {
        if (Interop.Libc.FStatx(file, "", Interop.Libc.AT_EMPTY_PATH | Interop.Libc.AT_SYMLINK_NOFOLLOW,
                Interop.Libc.STATX_UID | Interop.Libc.STATX_MODE, out var status) != 0)
            throw Failed(path, Marshal.GetLastPInvokeError(), remedy);
        return status;
    }

    private static unsafe string LinkTarget(SafeFileHandle link, string path, string remedy)
    {
        Span<byte> target = stackalloc byte[4096]; // PATH_MAX
        fixed (byte* buffer = target)
        {
            nint length = Interop.Libc.ReadLinkAt(link, "", buffer, (nuint)target.Length);
            if (length < 0)
                throw Failed(path, Marshal.GetLastPInvokeError(), remedy);
            return KernelString.Decode(target[..(int)length]);
        }
    }

    /// <summary>In the order they are walked: the stack pops the first component first.</summary>
    private static IEnumerable<string> Components(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(component => component != ".").Reverse();

    private static bool OthersCanWrite(in Interop.Libc.Statx directory) =>
        (directory.stx_mode & (Interop.Libc.S_IWGRP | Interop.Libc.S_IWOTH)) != 0;

    private static bool IsTrusted(uint owner) => s_trusted.Contains(owner);

    private static uint[] TrustedOwners()
    {
        // sudo's user asked for this output; their own links and directories are theirs to use.
        bool bySudo = uint.TryParse(Environment.GetEnvironmentVariable("SUDO_UID"), out uint sudoUser);
        return bySudo ? [0, Interop.Libc.GetEuid(), sudoUser] : [0, Interop.Libc.GetEuid()];
    }

    private static SysrecException Refused(string path, string why, string remedy) =>
        new(ExitCodes.Failure, $"cannot write {path}: {why}. {remedy}");

    private static SysrecException Failed(string path, int errno, string remedy) =>
        Refused(path, Marshal.GetPInvokeErrorMessage(errno), remedy);
}
