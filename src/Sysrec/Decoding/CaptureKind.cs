namespace Sysrec.Decoding;

/// <summary>
/// How the kernel reads one argument of a call for decoding, and the layout of what it sends. This block
/// is the one description of the capture payloads; bpf/sysrec.h mirrors it.
///
/// A record's captures of one side (entry or exit) are a sequence of items, each starting at a multiple
/// of 8 bytes from the first, little-endian:
///   u8 argument   0..5 the argument, 6 the return value (an fd a call made)
///   u8 kind       a value of this enum
///   u8 flags      <see cref="CaptureFlags"/>: UNREADABLE (the pointer could not be read: no payload
///                 follows and the renderer prints the address, as strace does), TRUNCATED (the payload
///                 holds less than the call had)
///   u8 element    which element of an array argument the item is about (pipe's fds[1] is 1), else 0
///   u32 length    bytes of payload that follow
///   u32 full      the full length the call had (bytes; for String the bytes present unless TRUNCATED)
///   payload       length bytes, then padding to the next multiple of 8
///
/// Payloads by kind:
///   String       the bytes before the NUL, at most the cap (PATH_MAX - 1 for paths, -s otherwise);
///                TRUNCATED when the string is longer than that.
///   Bytes        min(full, cap) bytes of a buffer whose length the op's length source gives.
///   Array        whole elements of a count the length source gives, at most the op's MaxCount; full
///                is count x element size.
///   StringArray  u32 count (pointers before the NULL, up to the op's bound; TRUNCATED when the bound was
///                hit), then for each of the first MaxCount strings: u16 length, u8 flags (TRUNCATED: the
///                string is longer than the cap), u8 0, the bytes. envp is captured with MaxCount 0: the
///                count alone.
///   Iovec        u32 vlen (the call's count), u32 captured, then per captured iovec: u64 base, u64 len,
///                u32 bytes present, u8 flags (UNREADABLE, TRUNCATED), 3 bytes 0, the bytes. An op
///                whose length source is the return shares that many bytes out among the iovecs in
///                order, as readv filled them; otherwise each gets min(len, cap).
///   Msghdr       u64 msg_name, u32 msg_namelen, u32 msg_flags, u64 msg_iov, u64 msg_iovlen,
///                u64 msg_control, u64 msg_controllen (the struct's fields, widened), u16 name bytes
///                present, u16 control bytes present, u32 0, the name (a raw sockaddr, at most 128),
///                the control bytes (at most 64), padding to 8, then an Iovec payload for msg_iov.
///   Sockaddr     the raw sockaddr, at most 128 bytes; full is the call's address length.
///   FdTarget     what an fd refers to, read from the task's fd table: u64 inode, u32 i_mode, u32 rdev
///                (the kernel's dev_t), u16 family (0 for other than a socket), u16 socket type,
///                u16 protocol, u16 0; then for AF_INET/AF_INET6: u8 local[16], u8 peer[16], u16 local
///                port, u16 peer port (host order; IPv4 in the first 4 bytes); for AF_UNIX: u64 peer
///                inode, u16 path length, the bound path (abstract ones start with NUL); for
///                AF_NETLINK: u32 port id. The fd is the argument's value, the return value
///                (argument 6) or element k of an int array argument (pipe, socketpair).
///   DirentCount  u32 entries in the buffer a getdents call filled (walked by d_reclen over the
///                return's bytes).
/// </summary>
internal enum CaptureKind : byte
{
    String = 1,
    Bytes = 2,
    Array = 3,
    StringArray = 4,
    Iovec = 5,
    Msghdr = 6,
    Sockaddr = 7,
    FdTarget = 8,
    DirentCount = 9,
}
