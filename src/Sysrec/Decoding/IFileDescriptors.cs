namespace Sysrec.Decoding;

/// <summary>
/// What the renderer needs of the fd table: the -yy text of an fd (<c>&lt;/etc/passwd&gt;</c>, after its
/// number) and of a thread's cwd, as they are when the call starts, and the call's effect on them, applied
/// between its arguments and its return (so <c>close(3&lt;/x&gt;)</c> names the file it closes and
/// <c>dup2(3, 1) = 1&lt;/x&gt;</c> the one the fd became).
/// </summary>
internal interface IFileDescriptors
{
    /// <summary>The text after the fd's number; empty when the fd is not known (strace prints the number alone then).</summary>
    ReadOnlySpan<byte> Describe(int tid, int fd);

    /// <summary>The text after AT_FDCWD: <c>&lt;/tmp&gt;</c>; empty when the cwd is not known.</summary>
    ReadOnlySpan<byte> DescribeCwd(int tid);

    /// <summary>What a call that returned did to the thread's fds and cwd.</summary>
    void Apply(in DecodedCall call);
}
