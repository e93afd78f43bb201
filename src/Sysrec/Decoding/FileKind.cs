namespace Sysrec.Decoding;

/// <summary>What an open file is, for how strace -yy names it.</summary>
internal enum FileKind
{
    /// <summary>A file or directory by its path: <c>&lt;/etc/passwd&gt;</c>.</summary>
    Path,
    /// <summary>A device by its path and numbers: <c>&lt;/dev/null&lt;char 1:3&gt;&gt;</c>.</summary>
    CharDevice,
    BlockDevice,
    /// <summary><c>&lt;pipe:[1234]&gt;</c>.</summary>
    Pipe,
    /// <summary><c>&lt;TCP:[127.0.0.1:40000-&gt;127.0.0.1:80]&gt;</c>, <c>&lt;UNIX-STREAM:[5-&gt;6]&gt;</c>.</summary>
    Socket,
    /// <summary>An anonymous inode or other name the kernel gives: <c>&lt;anon_inode:[eventpoll]&gt;</c>.</summary>
    Named,
    /// <summary><c>&lt;pid:1234&gt;</c>.</summary>
    Pidfd,
}
