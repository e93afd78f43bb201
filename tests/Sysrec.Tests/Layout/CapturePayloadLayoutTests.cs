using Sysrec.Decoding;

namespace Sysrec.Tests.Layout;

/// <summary>
/// The capture payloads the BPF program writes (bpf/sysrec.h) against the layout Decoding/CaptureKind.cs
/// describes and the renderer reads, offset by offset, from the BTF of the compiled object.
/// </summary>
public sealed class CapturePayloadLayoutTests
{
    [Fact]
    public void AnItemsHeaderIsTheOneCaptureSetReads()
    {
        Assert.Equal(CaptureSet.HeaderSize, ObjectBtf.Embedded.SizeOf("capture_item"));
        Assert.Equal(4, ObjectBtf.Embedded.OffsetOf("capture_item", "length"));
        Assert.Equal(8, ObjectBtf.Embedded.OffsetOf("capture_item", "full"));
    }

    [Theory]
    // StringArray: u16 length, u8 flags, u8 0, then the bytes.
    [InlineData("string_array_entry", "flags", 2)]
    [InlineData("string_array_entry", null, 4)]
    // Iovec: u32 vlen, u32 captured; per iovec u64 base, u64 len, u32 bytes present, u8 flags, 3 bytes 0.
    [InlineData("iovec_header", "captured", 4)]
    [InlineData("iovec_header", null, 8)]
    [InlineData("iovec_entry", "len", 8)]
    [InlineData("iovec_entry", "present", 16)]
    [InlineData("iovec_entry", "flags", 20)]
    [InlineData("iovec_entry", null, 24)]
    // Msghdr: the fields widened, then the name's and the control's bytes present.
    [InlineData("msghdr_header", "namelen", 8)]
    [InlineData("msghdr_header", "flags", 12)]
    [InlineData("msghdr_header", "iov", 16)]
    [InlineData("msghdr_header", "iovlen", 24)]
    [InlineData("msghdr_header", "control", 32)]
    [InlineData("msghdr_header", "controllen", 40)]
    [InlineData("msghdr_header", "name_present", 48)]
    [InlineData("msghdr_header", "control_present", 50)]
    [InlineData("msghdr_header", null, 56)]
    // FdTarget: inode, mode, rdev, family, type, protocol, then by family.
    [InlineData("fd_target", "mode", 8)]
    [InlineData("fd_target", "rdev", 12)]
    [InlineData("fd_target", "family", 16)]
    [InlineData("fd_target", "type", 18)]
    [InlineData("fd_target", "protocol", 20)]
    [InlineData("fd_target", "inet.local", 24)]
    [InlineData("fd_target", "inet.peer", 40)]
    [InlineData("fd_target", "inet.local_port", 56)]
    [InlineData("fd_target", "inet.peer_port", 58)]
    [InlineData("fd_target", "un.peer_inode", 24)]
    [InlineData("fd_target", "un.path_length", 32)]
    [InlineData("fd_target", "un.path", 34)]
    [InlineData("fd_target", "netlink_portid", 24)]
    public void PayloadFieldIsWhereTheContractPutsIt(string cStruct, string? member, int offset)
    {
        int actual = member is null ? ObjectBtf.Embedded.SizeOf(cStruct) : ObjectBtf.Embedded.OffsetOf(cStruct, member);
        Assert.Equal(offset, actual);
    }
}
