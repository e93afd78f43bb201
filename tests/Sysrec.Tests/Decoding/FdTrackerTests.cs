using System.Text;
using Sysrec.Decoding;
using Sysrec.Tests.Integration;
using static Sysrec.Tests.Decoding.Structs;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// The fd table kept from calls and forks, as strace -yy names fds: what forks copy and threads share,
/// what dup, fcntl, close, close_range and exec do, the cwd, paths resolved on this file system, and a
/// table seeded from /proc compared with strace attached to the same process.
/// </summary>
public sealed class FdTrackerTests
{
    private const ulong AtFdcwd = 0xffffffffffffff9c, OCloexec = 0x80000, Path = 0x1000;
    private const int Parent = 100;

    [Fact]
    public void AForkCopiesTheTableAndAThreadOrACloneFilesChildSharesIt()
    {
        var tracker = Tracker("/w", out _);
        Do(tracker, Open(Parent, "a", 3));
        tracker.Fork(new ProcessFork(Parent, Parent, 200, 200, SharesFiles: false));
        tracker.Fork(new ProcessFork(Parent, Parent, 101, Parent, SharesFiles: true));
        tracker.Fork(new ProcessFork(Parent, Parent, 300, 300, SharesFiles: true));

        Do(tracker, Close(200, 3));
        Do(tracker, Open(200, "b", 4));
        Assert.Equal("</w/a>", Name(tracker, Parent, 3));
        Assert.Equal("", Name(tracker, Parent, 4));
        Assert.Equal("</w/b>", Name(tracker, 200, 4));

        Do(tracker, Open(101, "c", 5));
        Assert.Equal("</w/c>", Name(tracker, Parent, 5));
        Do(tracker, Close(300, 3));
        Assert.Equal("", Name(tracker, Parent, 3));
        Assert.Equal("", Name(tracker, 101, 3));
        Assert.Equal("</w>", Cwd(tracker, 200));

        tracker.Exit(new ProcessExit(200, 200, 0, 0));
        Assert.False(tracker.Knows(200));
        Assert.Equal("</w/c>", Name(tracker, 101, 5));
    }

    [Fact]
    public void DuplicatesNameTheSameFileAndExecClosesThoseMarkedCloseOnExec()
    {
        var tracker = Tracker("/w", out _);
        Do(tracker, Open(Parent, "a", 3, OCloexec));
        Do(tracker, Open(Parent, "x", 6));
        Do(tracker, Call(Parent, "dup", 3).Returning(4));
        Do(tracker, Call(Parent, "dup2", 3, 10).Returning(10));
        Do(tracker, Call(Parent, "dup3", 3, 11, OCloexec).Returning(11));
        Do(tracker, Call(Parent, "fcntl", 3, 0, 20).Returning(20));
        Do(tracker, Call(Parent, "fcntl", 3, 1030, 30).Returning(30));
        Do(tracker, Call(Parent, "fcntl", 20, 2, 1).Returning(0));
        Do(tracker, Call(Parent, "fcntl", 11, 2, 0).Returning(0));
        // dup2 onto an open fd replaces it; onto itself does nothing; from an fd not known, forgets the target.
        Do(tracker, Call(Parent, "dup2", 4, 6).Returning(6));
        Do(tracker, Call(Parent, "dup2", 4, 4).Returning(4));
        Do(tracker, Call(Parent, "dup2", 77, 12).Returning(12));
        foreach (int fd in new[] { 3, 4, 6, 10, 11, 20, 30 })
            Assert.Equal("</w/a>", Name(tracker, Parent, fd));
        Assert.Equal("", Name(tracker, Parent, 12));

        Do(tracker, Call(Parent, "execve", Path, 0x2000, 0x3000).Returning(-2));
        Assert.Equal("</w/a>", Name(tracker, Parent, 3));
        Do(tracker, Call(Parent, "execve", Path, 0x2000, 0x3000).Returning(0));
        Assert.Equal(["", "</w/a>", "</w/a>", "</w/a>", "</w/a>", "", ""], new[] { 3, 4, 6, 10, 11, 20, 30 }.Select(fd => Name(tracker, Parent, fd)));
    }

    [Fact]
    public void CloseAndCloseRangeForgetFdsAndExecUnsharesTheTable()
    {
        var tracker = Tracker("/w", out _);
        for (int fd = 3; fd <= 8; fd++)
            Do(tracker, Open(Parent, $"f{fd}", fd));
        tracker.Fork(new ProcessFork(Parent, Parent, 101, Parent, SharesFiles: true));
        Do(tracker, Close(Parent, 5));
        Do(tracker, Call(Parent, "close_range", 7, uint.MaxValue, 0).Returning(0));
        Do(tracker, Call(Parent, "close_range", 3, 3, 4).Returning(0));
        Assert.Equal(["</w/f3>", "</w/f4>", "", "</w/f6>", "", ""], Enumerable.Range(3, 6).Select(fd => Name(tracker, 101, fd)));

        // close_range's UNSHARE gives the caller a table of its own before it closes.
        Do(tracker, Call(101, "close_range", 0, uint.MaxValue, 2).Returning(0) with { Pid = Parent });
        Assert.Equal("", Name(tracker, 101, 4));
        Assert.Equal("</w/f4>", Name(tracker, Parent, 4));

        // A process sharing its table (CLONE_FILES) that execs takes a copy: the other keeps its fds.
        tracker.Fork(new ProcessFork(Parent, Parent, 300, 300, SharesFiles: true));
        Do(tracker, Call(300, "execve", Path, 0x2000, 0x3000).Returning(0));
        Assert.Equal("", Name(tracker, 300, 3));
        Assert.Equal("</w/f3>", Name(tracker, Parent, 3));
        Do(tracker, Close(300, 4));
        Assert.Equal("</w/f4>", Name(tracker, Parent, 4));
    }

    [Fact]
    public void TheCwdFollowsChdirAndFchdirAndPathsAreResolvedAsTheKernelResolvesThem()
    {
        using var directory = new TempDirectory();
        string root = directory.Path;
        System.IO.Directory.CreateDirectory(directory.File("real/sub"));
        System.IO.File.CreateSymbolicLink(directory.File("link"), "real");
        System.IO.File.CreateSymbolicLink(directory.File("absolute"), directory.File("real/sub"));
        var tracker = Tracker(root, out FdTable _);

        Do(tracker, Open(Parent, "link/file", 3));
        Assert.Equal($"<{root}/real/file>", Name(tracker, Parent, 3));
        // The kernel follows a symlink before it takes "..": absolute/.. is the parent of real/sub, not the root.
        Do(tracker, Open(Parent, "absolute/../other", 4));
        Assert.Equal($"<{root}/real/other>", Name(tracker, Parent, 4));
        Do(tracker, Open(Parent, "absolute/./x", 5));
        Assert.Equal($"<{root}/real/sub/x>", Name(tracker, Parent, 5));

        Do(tracker, Call(Parent, "chdir", Path).In(c => c.String(0, "link")).Returning(0));
        Assert.Equal($"<{root}/real>", Cwd(tracker, Parent));
        Do(tracker, Call(Parent, "chdir", Path).In(c => c.String(0, "sub")).Returning(0));
        Do(tracker, Call(Parent, "openat", AtFdcwd, Path, 0x10000).In(c => c.String(1, ".")).Returning(6)
            .Out(c => c.FdTarget(CaptureSet.ReturnValue, File(9, DirectoryFile))));
        Assert.Equal($"<{root}/real/sub>", Name(tracker, Parent, 6));
        Do(tracker, Call(Parent, "chdir", Path).In(c => c.String(0, "/")).Returning(0));
        Assert.Equal("</>", Cwd(tracker, Parent));
        // openat relative to a dirfd, then fchdir to it.
        Do(tracker, Call(Parent, "openat", 6, Path, 0).In(c => c.String(1, "y")).Returning(7));
        Assert.Equal($"<{root}/real/sub/y>", Name(tracker, Parent, 7));
        Do(tracker, Call(Parent, "fchdir", 6).Returning(0));
        Assert.Equal($"<{root}/real/sub>", Cwd(tracker, Parent));
        // A chdir that failed changes nothing; a fork takes the cwd with the table.
        Do(tracker, Call(Parent, "chdir", Path).In(c => c.String(0, "missing")).Returning(-2));
        tracker.Fork(new ProcessFork(Parent, Parent, 200, 200, SharesFiles: false));
        Assert.Equal($"<{root}/real/sub>", Cwd(tracker, 200));
    }

    [Fact]
    public void APathOpenedAgainIsNamedByTheFileItOpensNow()
    {
        using var directory = new TempDirectory();
        string root = directory.Path;
        System.IO.File.WriteAllText(directory.File("one"), "");
        System.IO.File.WriteAllText(directory.File("two"), "");
        System.IO.File.CreateSymbolicLink(directory.File("link"), "one");
        var tracker = Tracker(root, out FdTable _);

        // The same file (the inode the kernel read of the fd) is named as before, without looking again.
        Do(tracker, Open(Parent, "link", 3, inode: 41));
        Do(tracker, Open(Parent, "link", 4, inode: 41));
        Assert.Equal($"<{root}/one>", Name(tracker, Parent, 3));
        Assert.Equal($"<{root}/one>", Name(tracker, Parent, 4));
        // Another file behind the same path is looked up again.
        System.IO.File.Delete(directory.File("link"));
        System.IO.File.CreateSymbolicLink(directory.File("link"), "two");
        Do(tracker, Open(Parent, "link", 5, inode: 42));
        Assert.Equal($"<{root}/two>", Name(tracker, Parent, 5));
    }

    [Fact]
    public void RenamedAndUnlinkedFilesAndDevicesAreNamedAsTheKernelNamesThem()
    {
        var tracker = Tracker("/w", out _);
        Do(tracker, Open(Parent, "a", 3));
        Do(tracker, Open(Parent, "dir/b", 4));
        Do(tracker, Call(Parent, "rename", Path, Path + 16).In(c => c.String(0, "a").String(1, "c")).Returning(0));
        Do(tracker, Call(Parent, "renameat2", AtFdcwd, Path, AtFdcwd, Path + 16, 0).In(c => c.String(1, "dir").String(3, "moved")).Returning(0));
        Assert.Equal("</w/c>", Name(tracker, Parent, 3));
        Assert.Equal("</w/moved/b>", Name(tracker, Parent, 4));
        Do(tracker, Call(Parent, "unlink", Path).In(c => c.String(0, "c")).Returning(0));
        Assert.Equal("</w/c>(deleted)", Name(tracker, Parent, 3));

        Do(tracker, Call(Parent, "openat", AtFdcwd, Path, 2).In(c => c.String(1, "/dev/null")).Returning(5)
            .Out(c => c.FdTarget(CaptureSet.ReturnValue, Device(1, 3))));
        Assert.Equal("</dev/null<char 1:3>>", Name(tracker, Parent, 5));
        Do(tracker, Call(Parent, "memfd_create", Path, 1).In(c => c.String(0, "m")).Returning(6));
        Assert.Equal("</memfd:m>(deleted)", Name(tracker, Parent, 6));
        Do(tracker, Call(Parent, "pidfd_open", 4242, 0).Returning(7));
        Assert.Equal("<pid:4242>", Name(tracker, Parent, 7));
    }

    [Fact]
    public void ATableSeededFromProcNamesTheFdsAsStraceAttachedToTheProcessDoes()
    {
        string workload = Workloads.Build("decode_seed.c", "sr_decode_seed");
        using var directory = new TempDirectory();
        using var process = InteractiveWorkload.StartWaiting(workload, directory.Path);
        var tracker = new FdTracker();
        Assert.True(new ProcFiles().Seed(tracker, process.Pid));

        StraceRun run = StraceRun.Attached(process.Pid, directory.Path, "openat,close", () => process.SendLine());
        process.WaitForSuccess();
        var replay = new StraceReplay(run, tracker);
        int pid = process.Pid;
        replay.Expect(Call(pid, "openat", AtFdcwd, Path, 0).In(c => c.String(1, "missing")).Returning(-2));
        // The workload's fds, 3 on: the other lines of strace are its close calls, in order.
        foreach (StraceLine line in run.Of(pid).Where(line => line.Name == "close").ToArray())
        {
            int fd = int.Parse(line.Whole["close(".Length..].Split('<', ')')[0]);
            replay.Expect(Close(pid, fd));
        }
        replay.AssertAllAgree(atLeast: 11);
    }

    private static FdTracker Tracker(string cwd, out FdTable table)
    {
        var tracker = new FdTracker();
        table = tracker.TableOf(Parent);
        table.Cwd = Encoding.UTF8.GetBytes(cwd);
        return tracker;
    }

    private static TestCall Call(int tid, string name, params ulong[] args) => TestCall.Of(name, args) with { Pid = tid, Tid = tid };

    // The file opened has the fd's number for its inode, unless given one.
    private static TestCall Open(int tid, string path, int fd, ulong flags = 0, ulong? inode = null) =>
        Call(tid, "openat", AtFdcwd, Path, flags).In(c => c.String(1, path)).Out(c => c.FdTarget(CaptureSet.ReturnValue, File(inode ?? (ulong)fd))).Returning(fd);

    private static TestCall Close(int tid, int fd) => Call(tid, "close", (ulong)fd).Returning(0);

    private static void Do(FdTracker tracker, TestCall call) => call.With(decoded =>
    {
        tracker.Apply(decoded);
        return 0;
    });

    private static string Name(FdTracker tracker, int tid, int fd) => Encoding.UTF8.GetString(tracker.Describe(tid, fd));

    private static string Cwd(FdTracker tracker, int tid) => Encoding.UTF8.GetString(tracker.DescribeCwd(tid));
}
