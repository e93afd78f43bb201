using System.Text;
using Sysrec.Kernel;
using Sysrec.Syscalls;
using Sysrec.Trace;

namespace Sysrec.Tests.Text;

public sealed class TraceLineTests
{
    [Fact]
    public void FormatsTheDesignsLine()
    {
        var record = new SyscallRecord { Pid = 1234, SyscallId = 60 };
        "bash"u8.CopyTo(record.Comm);

        Assert.Equal("1234:60:bash\n", Format(record));
    }

    [Fact]
    public void EscapesBytesThatWouldBreakTheLine()
    {
        var record = new SyscallRecord { Pid = 7, SyscallId = 1 };
        "a\n1:59:b\\\x7f"u8.CopyTo(record.Comm);

        Assert.Equal("7:1:a\\x0a1:59:b\\\\\\x7f\n", Format(record));
    }

    [Fact]
    public void LongestRecordFitsMaxLength()
    {
        var record = new SyscallRecord { Pid = uint.MaxValue, SyscallId = long.MinValue, Abi = SyscallAbi.I386 };
        ((Span<byte>)record.Comm).Fill(1);
        int longestNumbered = Format(record).Length;
        int longestNamed = Enumerable.Range(0, 1024).Max(number =>
        {
            record.SyscallId = number;
            var buffer = new byte[TraceLine.MaxLength];
            return TraceLine.Format(record, buffer, names: true);
        });

        Assert.True(longestNumbered <= TraceLine.MaxLength);
        Assert.True(longestNamed <= TraceLine.MaxLength);
    }

    [Fact]
    public void NamesKnownSyscallsAndNumbersTheRest()
    {
        var record = new SyscallRecord { Pid = 5, SyscallId = 110 };
        "w"u8.CopyTo(record.Comm);
        var buffer = new byte[TraceLine.MaxLength];

        Assert.Equal("5:getppid:w\n", Encoding.ASCII.GetString(buffer, 0, TraceLine.Format(record, buffer, names: true)));
        record.SyscallId = 999;
        Assert.Equal("5:999:w\n", Encoding.ASCII.GetString(buffer, 0, TraceLine.Format(record, buffer, names: true)));
        record = record with { SyscallId = 192, Abi = SyscallAbi.I386 };
        Assert.Equal("5:i386/mmap2:w\n", Encoding.ASCII.GetString(buffer, 0, TraceLine.Format(record, buffer, names: true)));
    }

    [Theory]
    [InlineData("1:openat:x", (int)SyscallAbi.Native, 257L)]
    [InlineData("1:i386/socketcall:x", (int)SyscallAbi.I386, 102L)]
    public void ReadsNamesWhereNumbersGo(string line, int expectedAbi, long expectedNumber)
    {
        Assert.True(TraceLine.TryParse(Encoding.ASCII.GetBytes(line), out _, out SyscallAbi abi, out long number, out _, out _));
        Assert.Equal(((SyscallAbi)expectedAbi, expectedNumber), (abi, number));
    }

    [Fact]
    public void ParsesACommThatContainsColons()
    {
        Assert.True(TraceLine.TryParse("42:-1:a:b:c"u8, out uint pid, out SyscallAbi abi, out long id, out ReadOnlySpan<byte> comm, out _));
        Assert.Equal((42u, SyscallAbi.Native, -1L, "a:b:c"), (pid, abi, id, Encoding.ASCII.GetString(comm)));
    }

    [Fact]
    public void MarksAndReadsBackTheI386Table()
    {
        var record = new SyscallRecord { Pid = 9, SyscallId = 20, Abi = SyscallAbi.I386 };
        "old"u8.CopyTo(record.Comm);
        string line = Format(record);

        Assert.Equal("9:i386/20:old\n", line);
        Assert.True(TraceLine.TryParse(Encoding.ASCII.GetBytes(line.TrimEnd('\n')), out uint pid, out SyscallAbi abi, out long id, out _, out _));
        Assert.Equal((9u, SyscallAbi.I386, 20L), (pid, abi, id));
    }

    [Theory]
    [InlineData("", "expected pid:syscall_id:comm")]
    [InlineData("12:bash", "expected pid:syscall_id:comm")]
    [InlineData("x1:2:bash", "pid 'x1' is not a process id")]
    [InlineData("-1:2:bash", "pid '-1' is not a process id")]
    [InlineData("1::bash", "syscall id '' is not a number or a syscall name")]
    [InlineData("1:2a:bash", "syscall id '2a' is not a number or a syscall name")]
    [InlineData("1:i386/:bash", "syscall id 'i386/' is not a number or a syscall name")]
    [InlineData("1:arm/3:bash", "syscall id 'arm/3' is not a number or a syscall name")]
    [InlineData("1:i386/newfstatat:bash", "syscall id 'i386/newfstatat' is not a number or a syscall name")]
    public void ReportsWhatIsWrongWithAMalformedLine(string line, string expected)
    {
        Assert.False(TraceLine.TryParse(Encoding.ASCII.GetBytes(line), out _, out _, out _, out _, out string error));
        Assert.Equal(expected, error);
    }

    private static string Format(in SyscallRecord record)
    {
        var buffer = new byte[TraceLine.MaxLength];
        return Encoding.ASCII.GetString(buffer, 0, TraceLine.Format(record, buffer));
    }
}
