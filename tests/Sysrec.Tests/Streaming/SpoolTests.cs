using Sysrec.Streaming;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Streaming;

public sealed class SpoolTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string SpoolPath => _dir.File("spool");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void BatchesLeaveInTheOrderTheyCameAndWhatIsLeftOutlivesTheRun()
    {
        using (Spool spool = Spool.Open(SpoolPath, 1 << 20))
        {
            for (byte i = 1; i <= 3; i++)
                Assert.True(spool.TryAppend(Enumerable.Repeat(i, 100 * i).ToArray(), records: i));
            Assert.Equal(Enumerable.Repeat((byte)1, 100), ReadAndRemove(spool, 1));
        }

        using (Spool reopened = Spool.Open(SpoolPath, 1 << 20))
        {
            Assert.Equal(5, reopened.PendingRecords);
            Assert.Equal([2, 3], ReadAndRemove(reopened, 2).Distinct());
            Assert.False(reopened.HasPending);
        }
        Assert.False(File.Exists(SpoolPath), "an empty spool is left behind");
    }

    [Fact]
    public void ABatchThatWouldPassTheLimitIsRefused()
    {
        using Spool spool = Spool.Open(SpoolPath, 16 + 8 + 100);

        Assert.True(spool.TryAppend(new byte[100], 1));
        Assert.False(spool.TryAppend(new byte[1], 1));
        Assert.Null(spool.WriteError);
        Assert.Equal(1, spool.PendingRecords);
    }

    [Fact]
    public void AnAppendCutShortByACrashIsDropped()
    {
        using (Spool spool = Spool.Open(SpoolPath, 1 << 20))
        {
            spool.TryAppend([1, 1, 1], 1);
            spool.TryAppend([2, 2, 2, 2], 2);
        }
        using (var file = File.OpenWrite(SpoolPath))
            file.SetLength(file.Length - 1);

        using Spool reopened = Spool.Open(SpoolPath, 1 << 20);
        Assert.Equal(1, reopened.PendingRecords);
        Assert.Equal([1, 1, 1], ReadAndRemove(reopened, 1));
        Assert.False(reopened.HasPending);
    }

    [Fact]
    public void WhatWasInMemoryAtTheEndGoesAheadOfWhatWasSpooled()
    {
        using (Spool spool = Spool.Open(SpoolPath, 1 << 20))
        {
            spool.TryAppend([3], 1);
            spool.TryAppend([4], 1);
            spool.KeepAhead([(new byte[] { 1 }, 1), (new byte[] { 2 }, 1)]);
        }

        using Spool reopened = Spool.Open(SpoolPath, 1 << 20);
        Assert.Equal([1, 2, 3, 4], ReadAndRemove(reopened, 4));
    }

    [Fact]
    public void AFileThatIsNotASpoolIsNotTouched()
    {
        File.WriteAllText(SpoolPath, "precious data, not a spool");

        var error = Assert.Throws<SysrecException>(() => Spool.Open(SpoolPath, 1 << 20));

        Assert.Equal($"cannot use {SpoolPath} as a spool: it holds something else. Choose another file with --spool FILE", error.Message);
        Assert.Equal("precious data, not a spool", File.ReadAllText(SpoolPath));
    }

    private static List<byte> ReadAndRemove(Spool spool, int batches)
    {
        var bytes = new List<byte>();
        byte[] buffer = new byte[1];
        for (int i = 0; i < batches; i++)
        {
            int length = spool.ReadOldest(ref buffer, out _);
            bytes.AddRange(buffer.AsSpan(0, length).ToArray());
            spool.RemoveOldest();
        }
        return bytes;
    }

    [Fact]
    public void TheSpoolHoldsRecordsSoOnlyItsOwnerMayReadIt()
    {
        using (Spool spool = Spool.Open(SpoolPath, 1 << 20))
        {
            Assert.True(spool.TryAppend(new byte[100], 1));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SpoolPath));
        }
        File.SetUnixFileMode(SpoolPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using (Spool reopened = Spool.Open(SpoolPath, 1 << 20))
            Assert.Equal(1, reopened.PendingRecords);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SpoolPath));
    }

    [Fact]
    public void ASpoolThatIsALinkOrAnotherUsersIsRefused()
    {
        File.WriteAllText(_dir.File("decoy"), "");
        File.CreateSymbolicLink(SpoolPath, _dir.File("decoy"));
        string other = _dir.File("others");
        File.WriteAllText(other, "");
        File.SetUnixFileMode(other, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite | UnixFileMode.OtherRead);
        Assert.Equal(0, Run.Command("chown", ["65534:65534", other]).ExitCode);

        var link = Assert.Throws<SysrecException>(() => Spool.Open(SpoolPath, 1 << 20));
        var foreign = Assert.Throws<SysrecException>(() => Spool.Open(other, 1 << 20));

        Assert.Contains("it is a symbolic link", link.Message);
        Assert.Contains("it belongs to another user (uid 65534)", foreign.Message);
        Assert.Equal("", File.ReadAllText(_dir.File("decoy")));
    }
}
