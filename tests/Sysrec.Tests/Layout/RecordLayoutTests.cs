using System.Runtime.InteropServices;
using System.Text.Json;
using Sysrec.Kernel;

namespace Sysrec.Tests.Layout;

/// <summary>
/// The C# mirrors of the structs in bpf/sysrec.h against the BTF of the BPF object embedded in the
/// product: the C layout comes from the compiler, not from a second hand-written copy.
/// </summary>
public sealed class RecordLayoutTests
{
    [Theory]
    [InlineData("syscall_record", typeof(SyscallRecord))]
    [InlineData("path_record", typeof(PathRecord))]
    [InlineData("path_args", typeof(PathArgs))]
    [InlineData("path_arg", typeof(PathArg))]
    [InlineData("sysrec_config", typeof(SysrecConfig))]
    [InlineData("sysrec_stats", typeof(TracerStats))]
    [InlineData("decode_header", typeof(DecodeHeader))]
    [InlineData("enter_record", typeof(EnterRecord))]
    [InlineData("exit_record", typeof(ExitRecord))]
    [InlineData("fork_event", typeof(ForkEvent))]
    [InlineData("task_exit_event", typeof(TaskExitEvent))]
    [InlineData("signal_event", typeof(SignalEvent))]
    [InlineData("decode_op", typeof(DecodeOp))]
    [InlineData("decode_spec", typeof(DecodeSpec))]
    public void MirrorHasTheLayoutOfTheCompiledStruct(string cStruct, Type mirror)
    {
        JsonElement btf = ObjectBtf.Embedded.Struct(cStruct);
        var cMembers = btf.GetProperty("members").EnumerateArray()
            .Select(m => (Name: m.GetProperty("name").GetString()!, Offset: m.GetProperty("bits_offset").GetInt32() / 8))
            .ToList();
        var csFields = mirror.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public)
            .Select(f => (Name: f.Name, Offset: (int)Marshal.OffsetOf(mirror, f.Name)))
            .ToList();

        Assert.Equal(btf.GetProperty("size").GetInt32(), Marshal.SizeOf(mirror));
        Assert.Equal(cMembers.Select(m => (PascalCase(m.Name), m.Offset)), csFields);
    }

    /// <summary>The design's text recording needs no more of a call than its number, pid and comm: what its records hold is the traffic through the ring.</summary>
    [Fact]
    public void ARecordWithoutArgumentsIsFortyEightBytes() => Assert.Equal(48, SyscallRecord.SizeWithoutArgs);

    private static string PascalCase(string snake) =>
        string.Concat(snake.Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}
