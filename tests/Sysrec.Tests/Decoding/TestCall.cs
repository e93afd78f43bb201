using System.Text;
using Sysrec.Decoding;
using Sysrec.Syscalls;

namespace Sysrec.Tests.Decoding;

internal delegate void CallWriting(ref Utf8SpanWriter writer, in DecodedCall call);

/// <summary>A call's records as the tests hold them (a DecodedCall is a ref struct over them), and its rendering.</summary>
internal sealed record TestCall
{
    public SyscallAbi Abi { get; init; } = SyscallAbi.Native;

    public required int Number { get; init; }

    public int Pid { get; init; } = 100;

    public int Tid { get; init; } = 100;

    public ulong[] Args { get; init; } = new ulong[6];

    public bool Returned { get; init; } = true;

    public long Ret { get; init; }

    public CaptureBuilder Entry { get; init; } = new();

    public CaptureBuilder Exit { get; init; } = new();

    public ulong EnterNs { get; init; } = 1_000_000_000;

    public ulong ExitNs { get; init; } = 1_000_176_000;

    public static TestCall Of(string name, params ulong[] args) => Of(SyscallAbi.Native, name, args);

    public static TestCall Of(SyscallAbi abi, string name, params ulong[] args)
    {
        Assert.True(SyscallTable.TryNumber(abi, name, out long number), $"no syscall {name}");
        var registers = new ulong[6];
        args.CopyTo(registers, 0);
        return new TestCall { Abi = abi, Number = (int)number, Args = registers };
    }

    /// <summary>The call with its return.</summary>
    public TestCall Returning(long ret) => this with { Ret = ret };

    /// <summary>Adds the captures of the enter record.</summary>
    public TestCall In(Action<CaptureBuilder> add)
    {
        add(Entry);
        return this;
    }

    /// <summary>Adds the captures of the exit record.</summary>
    public TestCall Out(Action<CaptureBuilder> add)
    {
        add(Exit);
        return this;
    }

    /// <summary>Uses <paramref name="use"/> on the call as the renderer takes it.</summary>
    public T With<T>(Func<DecodedCall, T> use)
    {
        byte[] entry = Entry.ToArray(), exit = Exit.ToArray();
        var call = new DecodedCall
        {
            Abi = Abi,
            Number = Number,
            Pid = Pid,
            Tid = Tid,
            Comm = "test"u8,
            EnterNs = EnterNs,
            ExitNs = ExitNs,
            Returned = Returned,
            Ret = Ret,
            Args = Args,
            AtEntry = new CaptureSet(entry),
            AtExit = new CaptureSet(exit),
        };
        return use(call);
    }

    public string Render(StraceRenderer renderer) => Write((ref Utf8SpanWriter writer, in DecodedCall call) => renderer.WriteCall(ref writer, call));

    /// <summary>What <paramref name="write"/> writes of the call.</summary>
    public string Write(CallWriting write) => With(call =>
    {
        var writer = new Utf8SpanWriter(new byte[1 << 16]);
        write(ref writer, call);
        Assert.False(writer.Overflowed);
        return Encoding.UTF8.GetString(writer.Written);
    });

    public string Render(int snaplen = StraceRenderer.DefaultSnaplen, IFileDescriptors? descriptors = null) => Render(new StraceRenderer(snaplen, descriptors));
}
