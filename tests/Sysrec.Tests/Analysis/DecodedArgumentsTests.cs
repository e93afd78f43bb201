using System.Text;
using Sysrec.IO;
using Sysrec.Tests.Integration;
using Sysrec.Trace;

namespace Sysrec.Tests.Analysis;

/// <summary>A --decode jsonl call's <c>decoded</c>, <c>decoded_truncated</c> and <c>err</c>, read back by <see cref="TraceReader"/> into <see cref="DecodedArguments"/>.</summary>
public sealed class DecodedArgumentsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EveryKindOfValueReadsBack()
    {
        (DecodedArguments openat, string err) = ReadOne("""
            {"ts_ns":1,"pid":10,"tid":10,"comm":"cat","abi":"x86_64","nr":257,"name":"openat","args":[4294967196,1,524288,0,0,0],"ret":3,"dur_ns":5,"decoded":{"dfd":{"fd":-100,"type":"cwd","path":"/tmp"},"filename":"a\\\\b\\xff\"","flags":["O_RDONLY","O_CLOEXEC"],"return":{"fd":3,"type":"file","path":"/tmp/a","deleted":true}}}
            """);
        Assert.Equal("", err);
        Assert.Equal(["dfd", "filename", "flags"], openat.Arguments.Select(argument => argument.Key));
        Assert.Equal(new DecodedFd(-100, "cwd") { Path = "/tmp"u8.ToArray() }.PathText, openat["dfd"]!.Fd!.PathText);
        Assert.Equal([(byte)'a', (byte)'\\', (byte)'b', 0xff, (byte)'"'], openat["filename"]!.Bytes);
        Assert.Equal(["O_RDONLY", "O_CLOEXEC"], openat["flags"]!.Names);
        Assert.Equal((3, "file", "/tmp/a", true), (openat.Return!.Fd, openat.Return.Type, openat.Return.PathText, openat.Return.Deleted));
        Assert.Null(openat["mode"]);

        (DecodedArguments read, err) = ReadOne("""
            {"ts_ns":2,"pid":10,"tid":11,"comm":"cat","abi":"x86_64","nr":0,"name":"read","args":[4,1,4096,0,0,0],"ret":-11,"dur_ns":5,"err":"EAGAIN","decoded":{"fd":{"fd":4,"type":"socket","proto":"TCP","inode":77,"src":"127.0.0.1:40000","dst":"127.0.0.1:80"},"buf":140737488355328,"count":4096}}
            """);
        Assert.Equal("EAGAIN", err);
        DecodedFd socket = read["fd"]!.Fd!;
        Assert.Equal(("socket", "TCP", "127.0.0.1:40000", "127.0.0.1:80", 77UL), (socket.Type, socket.Proto, socket.Src, socket.Dst, socket.Inode!.Value));
        Assert.Equal((DecodedValueKind.Number, 140737488355328L), (read["buf"]!.Kind, read["buf"]!.Number));

        (DecodedArguments stat, _) = ReadOne("""
            {"ts_ns":3,"pid":10,"tid":10,"comm":"cat","abi":"x86_64","nr":262,"name":"newfstatat","args":[3,1,2,4096,0,0],"ret":0,"dur_ns":5,"decoded":{"dfd":{"fd":3},"filename":"","statbuf":{"st_mode":"S_IFREG|0644","st_size":55247},"flag":["AT_EMPTY_PATH"],"argv":["a","b"],"p":null,"n":-1},"decoded_truncated":["argv"]}
            """);
        Assert.Equal((3, null), (stat["dfd"]!.Fd!.Fd, stat["dfd"]!.Fd!.Type));
        Assert.Equal("S_IFREG|0644", stat["statbuf"]!.Field("st_mode")!.Text);
        Assert.Equal(55247, stat["statbuf"]!.Field("st_size")!.Number);
        Assert.Equal(DecodedValueKind.Null, stat["p"]!.Kind);
        Assert.Equal(ulong.MaxValue, stat["n"]!.Bits);
        Assert.Equal(["argv"], stat.Truncated);
        Assert.Equal([3], stat.Fds().Select(fd => fd.Fd));
    }

    [Fact]
    public void ACallWithoutDecodedValuesHasNone()
    {
        string path = Write("""{"ts_ns":1,"pid":10,"tid":10,"comm":"cat","abi":"x86_64","nr":39,"name":"getpid","args":[0,0,0,0,0,0],"ret":10,"dur_ns":5,"decoded":null}""");
        using TraceReader reader = TraceReader.Open(RecordingFiles.From([path], lenient: false, TextWriter.Null));
        Assert.True(reader.TryRead(out TraceEvent call));
        Assert.Null(call.ReadDecoded());
        Assert.True(call.Err.IsEmpty);
    }

    [Fact]
    public void ALineWhoseDecodedIsNotAnObjectDoesNotRead()
    {
        string path = Write("""{"ts_ns":1,"pid":10,"tid":10,"comm":"cat","abi":"x86_64","nr":39,"decoded":[1]}""");
        using TraceReader reader = TraceReader.Open(RecordingFiles.From([path], lenient: false, TextWriter.Null));
        var error = Assert.Throws<SysrecException>(() => reader.TryRead(out _));
        Assert.Contains("\"decoded\" is not an object or null", error.Message);
    }

    private (DecodedArguments Decoded, string Err) ReadOne(string line)
    {
        string path = Write(line);
        using TraceReader reader = TraceReader.Open(RecordingFiles.From([path], lenient: false, TextWriter.Null));
        Assert.True(reader.TryRead(out TraceEvent call));
        return (call.ReadDecoded()!, Encoding.ASCII.GetString(call.Err));
    }

    private string Write(string line)
    {
        string path = _dir.File("trace.jsonl");
        File.WriteAllText(path, NativeJsonl.Of(line + "\n"));
        return path;
    }
}
