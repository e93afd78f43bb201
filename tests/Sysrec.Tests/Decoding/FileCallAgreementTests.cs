using System.Text;
using System.Text.RegularExpressions;
using Sysrec.Decoding;
using Sysrec.Tests.Integration;
using static Sysrec.Tests.Decoding.Structs;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// tests/workloads/decode_files.c under strace, and the same calls built by hand as the kernel would
/// capture them (the values the workload used; what the run chose, such as sizes and counts, read from
/// strace's lines), replayed through the fd table and the renderer: every line must be strace's.
/// </summary>
public sealed class FileCallAgreementTests
{
    private const ulong AtFdcwd = 0xffffffffffffff9c;
    private const ulong Buffer = 0x7ffd5e1c2000, Text = 0x5598e4a01000, Struct = 0x7ffd5e1c1f00;
    private const int Snaplen = StraceRenderer.DefaultSnaplen;

    [Fact]
    public void TheLoaderAndTheFileCallsRenderAsStracePrintsThem()
    {
        string workload = Workloads.Build("decode_files.c", "sr_decode_files");
        using var directory = new TempDirectory();
        // The workload's directory is a symlink, so its cwd (as strace -yy names it) is the resolved one.
        string real = directory.File("real-d");
        System.IO.Directory.CreateDirectory(real);
        System.IO.File.CreateSymbolicLink(directory.File("d"), "real-d");
        StraceRun run = StraceRun.Of(directory.Path, workload, "d");
        int pid = run.FirstPid;
        var replay = new StraceReplay(run);
        replay.SeedInherited(pid, directory.Path);
        TestCall Call(string name, params ulong[] args) => TestCall.Of(name, args) with { Pid = pid, Tid = pid };

        Loader(replay, run, workload, Call);
        Files(replay, run, real, Call);
        replay.ExpectExit(new ProcessExit(pid, pid, 0, 0));
        replay.AssertAllAgree(atLeast: 115);
    }

    private static void Loader(StraceReplay replay, StraceRun run, string workload, Func<string, ulong[], TestCall> call)
    {
        TestCall Call(string name, params ulong[] args) => call(name, args);
        int pid = run.FirstPid;
        int environment = int.Parse(Regex.Match(replay.Peek(pid, "execve").Text, @"/\* (\d+) vars \*/").Groups[1].Value);
        replay.Expect(Call("execve", Text, Buffer, Buffer + 64).In(c => c
            .String(0, workload)
            .Strings(1, 2, [(Encoding.UTF8.GetBytes(workload), false), ("d"u8.ToArray(), false)])
            .Strings(2, environment, [])));
        replay.Expect(Call("brk", 0).Returning(0x5598e5a00000));
        replay.Expect(Call("mmap", 0, 8192, 3, 0x22, 0xffffffff, 0).Returning(0x7f1c2a000000));
        replay.Expect(Call("access", Text, 4).In(c => c.String(0, "/etc/ld.so.preload")).Returning(-2));

        byte[] cache = System.IO.File.ReadAllBytes("/etc/ld.so.cache");
        replay.Expect(Call("openat", AtFdcwd, Text, 0x80000).In(c => c.String(1, "/etc/ld.so.cache")).Out(c => c.FdTarget(CaptureSet.ReturnValue, File(7))).Returning(3));
        replay.Expect(Call("newfstatat", 3, Text, Struct, 0x1000).In(c => c.String(1, "")).Out(c => c.Bytes(2, Stat(RegularFile | 0x1a4, cache.Length))).Returning(0));
        replay.Expect(Call("mmap", 0, (ulong)cache.Length, 1, 2, 3, 0).Returning(0x7f1c2a100000));
        replay.Expect(Call("close", 3).Returning(0));

        // The loader opens libc by the path ld.so.cache gives; the kernel names it by its resolved path.
        string libc = Regex.Match(run.Of(pid).First(line => line.Text.Contains("libc.so.6")).Text, "\"(/[^\"]*libc\\.so\\.6)\"").Groups[1].Value;
        byte[] elf = System.IO.File.ReadAllBytes(libc);
        replay.Expect(Call("openat", AtFdcwd, Text, 0x80000).In(c => c.String(1, libc)).Out(c => c.FdTarget(CaptureSet.ReturnValue, File(8))).Returning(3));
        replay.Expect(Call("read", 3, Buffer, 832).Out(c => c.Bytes(1, elf.AsSpan(0, Snaplen), 832)).Returning(832));
        replay.Expect(Call("pread64", 3, Buffer, 784, 64).Out(c => c.Bytes(1, elf.AsSpan(64, Snaplen), 784)).Returning(784));
        replay.Expect(Call("newfstatat", 3, Text, Struct, 0x1000).In(c => c.String(1, "")).Out(c => c.Bytes(2, Stat(RegularFile | 0x1ed, elf.Length))).Returning(0));
        replay.Expect(Call("close", 3).Returning(0));

        replay.Expect(Call("arch_prctl", 0x1002, 0x7f1c2a200740).Returning(0));
        replay.Expect(Call("set_tid_address", 0x7f1c2a200a10).Returning(pid));
        replay.Expect(Call("set_robust_list", 0x7f1c2a200a20, 24).Returning(0));
        replay.Expect(Call("rseq", 0x7f1c2a201060, 0x20, 0, 0x53053053).Returning(0));
        replay.Expect(Call("mprotect", 0x7f1c2a300000, 16384, 1).Returning(0));
        (ulong current, ulong maximum) = ResourceLimits.Of("Max stack size");
        replay.Expect(Call("prlimit64", 0, 3, 0, Struct).Out(c => c.Bytes(3, Longs((long)current, (long)maximum))).Returning(0));
        replay.Expect(Call("munmap", 0x7f1c2a100000, (ulong)cache.Length).Returning(0));
    }

    private static void Files(StraceReplay replay, StraceRun run, string real, Func<string, ulong[], TestCall> call)
    {
        TestCall Call(string name, params ulong[] args) => call(name, args);
        int pid = run.FirstPid;
        int umask = Convert.ToInt32(Regex.Match(replay.Peek(pid, "umask").Text, @"= (0\d*)$").Groups[1].Value, 8);
        uint Mode(uint requested) => requested & ~(uint)umask;

        replay.Expect(Call("chdir", Text).In(c => c.String(0, "d")).Returning(0));
        replay.Expect(Call("getcwd", Buffer, 4096).Out(c => c.String(0, real)).Returning(Encoding.UTF8.GetByteCount(real) + 1));

        byte[] text = "line one\n\ttabbed \"quoted\" back\\slash\r\n"u8.ToArray();
        byte[] longText = "0123456789abcdefghijklmnopqrstuvwxyz0123456789"u8.ToArray();
        byte[] binary = [.. Enumerable.Range(0, 40).Select(i => (byte)(i * 37 + 1))];
        binary[3] = 0;
        binary[4] = (byte)'7';
        byte[] utf8 = "caf\u00e9 \u007f end"u8.ToArray();
        byte[] contents = [.. text, .. longText, .. binary, .. utf8, .. "hello world\n"u8];
        "at 100"u8.CopyTo(contents.AsSpan(100));

        replay.Expect(Call("openat", AtFdcwd, Text, 0x241, 0x1a4).In(c => c.String(1, "text.txt")).Out(c => c.FdTarget(CaptureSet.ReturnValue, File(20))).Returning(3));
        foreach (byte[] data in new[] { text, longText, binary, utf8 })
            replay.Expect(Call("write", 3, Text, (ulong)data.Length).In(c => c.Bytes(1, data.AsSpan(0, Math.Min(data.Length, Snaplen)), data.Length)).Returning(data.Length));
        replay.Expect(Call("writev", 3, Struct, 2).In(c => c.Iovecs(1, [(Text, 6, "hello "u8.ToArray()), (Text + 8, 6, "world\n"u8.ToArray())])).Returning(12));
        replay.Expect(Call("pwrite64", 3, Text, 6, 100).In(c => c.Bytes(1, "at 100"u8)).Returning(6));
        replay.Expect(Call("fsync", 3).Returning(0));
        replay.Expect(Call("fdatasync", 3).Returning(0));
        replay.Expect(Call("ftruncate", 3, 200).Returning(0));
        replay.Expect(Call("close", 3).Returning(0));

        replay.Expect(Call("openat", AtFdcwd, Text, 0x80000).In(c => c.String(1, "text.txt")).Out(c => c.FdTarget(CaptureSet.ReturnValue, File(20))).Returning(3));
        replay.Expect(Call("read", 3, Buffer, 16).Out(c => c.Bytes(1, contents.AsSpan(0, 16))).Returning(16));
        replay.Expect(Call("read", 3, Buffer, 100).Out(c => c.Bytes(1, contents.AsSpan(16, Snaplen), 100)).Returning(100));
        replay.Expect(Call("pread64", 3, Buffer, 8, 100).Out(c => c.Bytes(1, contents.AsSpan(100, 8))).Returning(8));
        replay.Expect(Call("lseek", 3, 0, 0).Returning(0));
        replay.Expect(Call("lseek", 3, unchecked((ulong)-4L), 2).Returning(196));
        replay.Expect(Call("lseek", 3, 0, 0).Returning(0));
        replay.Expect(Call("readv", 3, Struct, 2).Out(c => c.Iovecs(1, [(Buffer, 5, contents[..5]), (Buffer + 8, 7, contents[5..12])])).Returning(12));
        byte[] stat = Stat(RegularFile | Mode(0x1a4), 200);
        replay.Expect(Call("newfstatat", 3, Text, Struct, 0x1000).In(c => c.String(1, "")).Out(c => c.Bytes(2, stat)).Returning(0));
        replay.Expect(Call("newfstatat", AtFdcwd, Text, Struct, 0).In(c => c.String(1, "text.txt")).Out(c => c.Bytes(2, stat)).Returning(0));
        for (int i = 0; i < 2; i++)
            replay.Expect(Call("newfstatat", AtFdcwd, Text, Struct, 0x100).In(c => c.String(1, "text.txt")).Out(c => c.Bytes(2, stat)).Returning(0));
        uint mask = (uint)ConstantNames.Value(ConstantSets.StatxMask, Regex.Match(replay.Peek(pid, "statx").Text, @"stx_mask=([\w|]+)").Groups[1].Value);
        replay.Expect(Call("statx", AtFdcwd, Text, 0, 0x7ff, Struct).In(c => c.String(1, "text.txt")).Out(c => c.Bytes(4, Statx(mask, RegularFile | Mode(0x1a4), 200))).Returning(0));

        replay.Expect(Call("dup", 3).Returning(4));
        replay.Expect(Call("dup2", 3, 10).Returning(10));
        replay.Expect(Call("dup3", 3, 11, 0x80000).Returning(11));
        replay.Expect(Call("fcntl", 3, 1).Returning(1));
        replay.Expect(Call("fcntl", 3, 2, 1).Returning(0));
        replay.Expect(Call("fcntl", 3, 3).Returning(0x8000));
        replay.Expect(Call("fcntl", 3, 0, 20).Returning(20));
        replay.Expect(Call("fcntl", 3, 1030, 30).Returning(30));
        replay.Expect(Call("flock", 3, 1).Returning(0));
        replay.Expect(Call("flock", 3, 8).Returning(0));
        replay.Expect(Call("fadvise64", 3, 0, 0, 2).Returning(0));
        foreach (ulong fd in new ulong[] { 4, 10, 11, 20, 30, 3 })
            replay.Expect(Call("close", fd).Returning(0));

        replay.Expect(Call("access", Text, 6).In(c => c.String(0, "text.txt")).Returning(0));
        replay.Expect(Call("faccessat2", AtFdcwd, Text, 1, 0x200).In(c => c.String(1, "text.txt")).Returning(-13));
        replay.Expect(Call("mkdir", Text, 0x1ed).In(c => c.String(0, "sub")).Returning(0));
        replay.Expect(Call("mkdirat", AtFdcwd, Text, 0x1c0).In(c => c.String(1, "sub/inner")).Returning(0));
        replay.Expect(Call("symlink", Text, Text + 16).In(c => c.String(0, "text.txt").String(1, "link")).Returning(0));
        replay.Expect(Call("readlink", Text, Buffer, 4096).In(c => c.String(0, "link")).Out(c => c.Bytes(1, "text.txt"u8)).Returning(8));
        replay.Expect(Call("link", Text, Text + 16).In(c => c.String(0, "text.txt").String(1, "hard")).Returning(0));
        replay.Expect(Call("rename", Text, Text + 16).In(c => c.String(0, "hard").String(1, "hard2")).Returning(0));
        replay.Expect(Call("renameat2", AtFdcwd, Text, AtFdcwd, Text + 16, 1).In(c => c.String(1, "hard2").String(3, "hard3")).Returning(0));
        replay.Expect(Call("chmod", Text, 0x180).In(c => c.String(0, "text.txt")).Returning(0));
        replay.Expect(Call("fchmodat", AtFdcwd, Text, 0x1a0).In(c => c.String(1, "text.txt")).Returning(0));
        replay.Expect(Call("chown", Text, 0, 0).In(c => c.String(0, "text.txt")).Returning(0));
        replay.Expect(Call("truncate", Text, 100).In(c => c.String(0, "text.txt")).Returning(0));
        replay.Expect(Call("umask", 0x12).Returning(umask));

        replay.Expect(Call("openat", AtFdcwd, Text, 0x10000).In(c => c.String(1, ".")).Out(c => c.FdTarget(CaptureSet.ReturnValue, File(21, DirectoryFile))).Returning(3));
        long listed = long.Parse(Regex.Match(replay.Peek(pid, "getdents64").Text, @"= (\d+)$").Groups[1].Value);
        replay.Expect(Call("getdents64", 3, Buffer, 4096).Out(c => c.Add(1, CaptureKind.DirentCount, Ints(6), 4)).Returning(listed));
        replay.Expect(Call("getdents64", 3, Buffer, 4096).Out(c => c.Add(1, CaptureKind.DirentCount, Ints(0), 4)).Returning(0));
        replay.Expect(Call("openat", 3, Text, 0x30000).In(c => c.String(1, "sub")).Out(c => c.FdTarget(CaptureSet.ReturnValue, File(22, DirectoryFile))).Returning(4));
        replay.Expect(Call("fchdir", 3).Returning(0));
        replay.Expect(Call("chdir", Text).In(c => c.String(0, "sub")).Returning(0));
        replay.Expect(Call("chdir", Text).In(c => c.String(0, "..")).Returning(0));
        foreach (string fileSystem in new[] { ".", "/proc", "/dev/shm" })
            replay.Expect(Call("statfs", Text, Struct).In(c => c.String(0, fileSystem)).Out(c => c.Bytes(1, StatfsOf(replay.Peek(pid, "statfs").Text))).Returning(0));
        replay.Expect(Call("getxattr", Text, Text + 16, Buffer, 64).In(c => c.String(0, "text.txt").String(1, "user.missing")).Returning(-61));
        replay.Expect(Call("unlink", Text).In(c => c.String(0, "link")).Returning(0));
        replay.Expect(Call("unlinkat", AtFdcwd, Text, 0).In(c => c.String(1, "hard3")).Returning(0));
        replay.Expect(Call("unlinkat", AtFdcwd, Text, 0x200).In(c => c.String(1, "sub/inner")).Returning(0));
        replay.Expect(Call("rmdir", Text).In(c => c.String(0, "sub")).Returning(0));
        replay.Expect(Call("creat", Text, 0x180).In(c => c.String(0, "made.txt")).Out(c => c.FdTarget(CaptureSet.ReturnValue, File(23))).Returning(5));
        replay.Expect(Call("openat", AtFdcwd, Text, 0).In(c => c.String(1, "text.txt")).Out(c => c.FdTarget(CaptureSet.ReturnValue, File(20))).Returning(6));
        replay.Expect(Call("openat", AtFdcwd, Text, 0xc1, 0x1a4).In(c => c.String(1, "copy.txt")).Out(c => c.FdTarget(CaptureSet.ReturnValue, File(24))).Returning(7));
        replay.Expect(Call("copy_file_range", 6, 0, 7, 0, 1 << 20, 0).Returning(100));
        replay.Expect(Call("sendfile", 7, 6, 0, 10).Returning(0));

        // Calls that fail.
        replay.Expect(Call("openat", AtFdcwd, Text, 0).In(c => c.String(1, "missing.txt")).Returning(-2));
        replay.Expect(Call("openat", AtFdcwd, Text, 0x41, 0x180).In(c => c.String(1, "/nonexistent-sysrec/x")).Returning(-2));
        replay.Expect(Call("read", 99, Buffer, 10).Returning(-9));
        replay.Expect(Call("write", 99, Text, 1).In(c => c.Bytes(1, "x"u8)).Returning(-9));
        replay.Expect(Call("close", 99).Returning(-9));
        replay.Expect(Call("newfstatat", 99, Text, Struct, 0x1000).In(c => c.String(1, "")).Returning(-9));
        replay.Expect(Call("newfstatat", AtFdcwd, Text, Struct, 0).In(c => c.String(1, "missing.txt")).Returning(-2));
        replay.Expect(Call("openat", AtFdcwd, 8, 0).In(c => c.Unreadable(1, CaptureKind.String)).Returning(-14));
        replay.Expect(Call("read", 6, 8, 10).Out(c => c.Bytes(1, [])).Returning(0));
        replay.Expect(Call("write", 7, 8, 10).In(c => c.Unreadable(1, CaptureKind.Bytes)).Returning(-14));
        replay.Expect(Call("newfstatat", AtFdcwd, Text, 8, 0).In(c => c.String(1, "text.txt")).Out(c => c.Unreadable(2, CaptureKind.Bytes)).Returning(-14));
        replay.Expect(Call("mkdir", Text, 0x1ed).In(c => c.String(0, "text.txt")).Returning(-17));
        replay.Expect(Call("rmdir", Text).In(c => c.String(0, "missing")).Returning(-2));
        replay.Expect(Call("ioctl", 6, 0x5401, Buffer).Returning(-25));
        replay.Expect(Call("ioctl", 6, 0x541b, Buffer).In(c => c.Bytes(2, new byte[8])).Out(c => c.Bytes(2, new byte[36])).Returning(0));
        replay.Expect(Call("readlink", Text, Buffer, 4096).In(c => c.String(0, "text.txt")).Returning(-22));
        replay.Expect(Call("exit_group", 0) with { Returned = false });
    }

    // statfs's fields as strace printed them, the type and flags by their names.
    private static byte[] StatfsOf(string line)
    {
        ulong Number(string field) => ulong.Parse(Regex.Match(line, $@"\b{field}=(\d+)").Groups[1].Value);
        Match fsid = Regex.Match(line, @"f_fsid=\{val=\[(0x[0-9a-f]+|0), (0x[0-9a-f]+|0)\]\}");
        uint Hex(string text) => text == "0" ? 0 : Convert.ToUInt32(text[2..], 16);
        long type = (long)ConstantNames.Value(ConstantSets.FilesystemMagics, Regex.Match(line, @"f_type=(\w+)").Groups[1].Value);
        long flags = (long)ConstantNames.Value(ConstantSets.StatfsFlags, Regex.Match(line, @"f_flags=([\w|]+)").Groups[1].Value);
        return Statfs(type, (long)Number("f_bsize"), Number("f_blocks"), Number("f_bfree"), Number("f_bavail"), Number("f_files"), Number("f_ffree"),
            Hex(fsid.Groups[1].Value), Hex(fsid.Groups[2].Value), (long)Number("f_namelen"), (long)Number("f_frsize"), flags);
    }
}
