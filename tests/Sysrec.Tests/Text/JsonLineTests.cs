using System.Text;
using System.Text.Json;
using FsCheck.Xunit;
using Sysrec.Tests.Splitting;
using Sysrec.Trace;
using Sysrec.Kernel;

namespace Sysrec.Tests.Text;

/// <summary>How JSON Lines writes a comm or path: what any JSON parser reads, and what sysrec reads back.</summary>
public sealed class JsonLineTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xC3, 0xA9 }, "caf\u00e9", "caf\u00e9")]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, "\U0001F600", "\U0001F600")]
    [InlineData(new byte[] { (byte)'a', 0xFF, (byte)'b' }, "a\\\\xffb", "a\\xffb")]
    [InlineData(new byte[] { (byte)'x', 0xC3 }, "x\\\\xc3", "x\\xc3")]
    [InlineData(new byte[] { (byte)'\\', (byte)'"', (byte)'/' }, "\\\\\\\\\\\"/", "\\\\\"/")]
    [InlineData(new byte[] { 0x0A, 0x1B, 0x7F }, "\\\\x0a\\\\x1b\\\\x7f", "\\x0a\\x1b\\x7f")]
    public void ValidUtf8IsWrittenAsItIsAndAnyOtherByteAsItsTextEscape(byte[] comm, string inTheLine, string parsed)
    {
        string line = Exec(comm, comm);

        Assert.Contains($"\"comm\":\"{inTheLine}\"", line);
        using JsonDocument json = JsonDocument.Parse(line);
        Assert.Equal(parsed, json.RootElement.GetProperty("comm").GetString());
        Assert.Equal(parsed, json.RootElement.GetProperty("exe").GetString());
    }

    [Property(MaxTest = 500)]
    public void EveryByteStringComesBackFromSysrecAndFromAnyJsonParserByTheReadmesRule(byte[] comm, byte[] path)
    {
        comm = comm[..Math.Min(comm.Length, 15)];
        path = path[..Math.Min(path.Length, PathBytes.Length - 1)];
        string line = Exec(comm, path);

        // Valid UTF-8, one line, that a general parser reads; its strings unescaped as the README says give the bytes.
        Assert.Equal(line, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Encoding.UTF8.GetBytes(line)));
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using (JsonDocument json = JsonDocument.Parse(line))
        {
            Assert.Equal(comm, ManifestCsv.Unescape(json.RootElement.GetProperty("comm").GetString()!));
            Assert.Equal(path, ManifestCsv.Unescape(json.RootElement.GetProperty("exe").GetString()!));
        }
        byte[] bytes = Encoding.UTF8.GetBytes(line.TrimEnd('\n'));
        byte[] commBuffer = new byte[bytes.Length], exeBuffer = new byte[bytes.Length];
        Assert.True(JsonLineParser.TryParse(bytes, new JsonLineParser.Buffers(new byte[bytes.Length], commBuffer, exeBuffer, new ulong[6], new byte[bytes.Length]),
            out TraceEntryKind kind, out _, out ExecEvent exec, out _, out string error), error);
        Assert.Equal(TraceEntryKind.Exec, kind);
        Assert.Equal(path, exec.Exe.ToArray());
    }

    [Fact]
    public void TheWidestRecordFitsTheLengthTheWriterReserves()
    {
        var record = new SyscallRecord
        {
            Pid = uint.MaxValue, Tid = uint.MaxValue, SyscallId = long.MinValue, TimestampNs = ulong.MaxValue,
            Uid = uint.MaxValue, Gid = uint.MaxValue, CgroupId = ulong.MaxValue,
        };
        Span<byte> comm = record.Comm;
        comm.Fill(0xFF);
        comm[15] = 0;
        byte[] line = new byte[JsonLine.MaxLength];
        // A cgroup's name may hold any byte but '/': a path of control bytes is the longest to write.
        using CgroupPaths cgroups = CgroupPaths.OfThisMachine();
        string cgroup = "/" + new string('\x01', CgroupPaths.MaxLength - 1);
        cgroups.Remember(ulong.MaxValue, cgroup);

        int length = JsonLine.Format(record, line, withArgs: true, withExit: true, cgroups);

        Assert.InRange(length, 1, JsonLine.MaxLength);
        string text = Encoding.UTF8.GetString(line, 0, length);
        Assert.Contains("\"comm\":\"" + string.Concat(Enumerable.Repeat("\\\\xff", 15)) + "\"", text);
        Assert.Contains("\"cgroup\":\"/" + string.Concat(Enumerable.Repeat("\\\\x01", CgroupPaths.MaxLength - 1)) + "\"", text);
    }

    [Fact]
    public void AThreadsRunOfCallsAndTheNextCallerEachHaveTheirOwnIdentity()
    {
        using CgroupPaths cgroups = CgroupPaths.OfThisMachine();
        cgroups.Remember(7, "/first");
        cgroups.Remember(8, "/second");
        var identity = new JsonIdentity(cgroups);
        SyscallRecord[] records =
        [
            Call("cat"u8, uid: 1000, cgroup: 7), Call("cat"u8, uid: 1000, cgroup: 7), Call("cat"u8, uid: 0, cgroup: 7),
            Call("dog"u8, uid: 0, cgroup: 7), Call("dog"u8, uid: 0, cgroup: 8), Call("dog"u8, uid: 0, cgroup: 9), Call("dog"u8, uid: 0, cgroup: 8),
        ];

        foreach (SyscallRecord record in records)
            Assert.Equal(Line(record, cgroups, identity: null), Line(record, cgroups, identity));
    }

    private static SyscallRecord Call(ReadOnlySpan<byte> comm, uint uid, ulong cgroup)
    {
        var record = new SyscallRecord { Pid = 5, Tid = 5, SyscallId = 110, TimestampNs = 1, Uid = uid, Gid = uid, CgroupId = cgroup };
        comm.CopyTo(record.Comm);
        return record;
    }

    private static string Line(in SyscallRecord record, CgroupPaths cgroups, JsonIdentity? identity)
    {
        byte[] line = new byte[JsonLine.MaxLength];
        int length = JsonLine.Format(record, line, withArgs: true, withExit: false, cgroups, identity);
        return Encoding.UTF8.GetString(line, 0, length);
    }

    private static string Exec(byte[] comm, byte[] path)
    {
        byte[] line = new byte[JsonLine.MaxLength];
        int length = JsonLine.FormatExec(1, 2, 2, comm, PathArg.From(path), line);
        return Encoding.UTF8.GetString(line, 0, length);
    }
}
