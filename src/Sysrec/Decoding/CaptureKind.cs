namespace Sysrec.Decoding;

/// <summary>
/// How the kernel reads one argument of a call for decoding, and the bytes it sends: the one description
/// of the capture payloads, which bpf/sysrec.h mirrors and <see cref="CaptureSet"/> reads. Every number
/// is little-endian; offsets are in bytes; "-s" is the snaplen the loader sends with the ops.
///
/// ITEMS. The captures of one side of a call (the enter record's, or the exit record's) are a run of
/// items, as long as the record says; each item starts at a multiple of 8 from the first item's start,
/// the bytes between items being 0. An item is a 12-byte header and its payload:
///   +0  u8  argument  0..5 the argument register the op names, 6 the return value (the fd a call made),
///                     7 the user stack pointer at entry (pt_regs sp; rt_sigreturn's frame)
///   +1  u8  kind      a value of this enum
///   +2  u8  flags     CaptureFlags: 1 UNREADABLE (the memory could not be read: length 0, no payload;
///                     strace prints the address), 2 TRUNCATED (the payload holds less than the call had)
///   +3  u8  element   the op's Element (which int of an array argument holds the fd), else 0
///   +4  u32 length    payload bytes that follow the header
///   +8  u32 full      the length the call had, by kind below
///   +12     payload   length bytes
/// One op gives at most one item, in the order of the ops. An op sends nothing when its pointer (the
/// register, plus the op's Offset) is 0, or when its length source is the return and the call failed
/// (ret in -4095..-1). A count or length taken from a register is the register's low 32 bits, from the
/// return its value, from a pointee (ArgumentPointee) the u32 it points to, read on the op's side.
/// A cap or count of CaptureOp.Snaplen (0xffffffff) means -s.
///
/// PAYLOADS (offsets from the payload's first byte).
///   String       the bytes before the NUL, at most Cap (PATH_MAX - 1 = 4095 for paths, -s otherwise);
///                TRUNCATED when the string had more bytes before its NUL (bpf_probe_read_user_str into
///                Cap + 2 bytes tells: more than Cap + 1 read means more than Cap bytes); full = length.
///   Bytes        the first min(L, Cap) bytes of the memory, L the length source's value (Cap itself for
///                None: a struct of fixed size); full = L; TRUNCATED when L > length.
///   Array        the first min(N, MaxCount) elements of ElementSize bytes, N from the length source
///                (MaxCount for None); full = N * ElementSize; TRUNCATED when N > MaxCount.
///   StringArray  +0 u32 count: the pointers before the NULL, at most CaptureOp.StringArrayCountMax
///                (TRUNCATED in the item's flags when that bound was reached); then, for each of the
///                first min(count, MaxCount) strings in order, packed: u16 n, u8 flags (TRUNCATED: the
///                string has more than min(ElementSize, -s) bytes), u8 0, n bytes (without the NUL).
///                A string that cannot be read ends the list. envp's op has MaxCount 0: the count alone.
///                full = length.
///   Iovec        +0 u32 vlen (argument LengthArgument's value), +4 u32 captured (min(vlen, MaxCount));
///                then per captured iovec, packed: u64 iov_base, u64 iov_len (an i386 caller's u32s
///                widened), u32 n, u8 flags (UNREADABLE: iov_base could not be read, n = 0; TRUNCATED:
///                n is less than the iovec held), 3 bytes 0, n bytes. n = min(iov_len, Cap), except for an op whose
///                length source is the return: its ret bytes are shared out in order, as readv filled
///                them, n = min(what is left of ret, iov_len, Cap). full = length.
///   Msghdr       +0 u64 msg_name, +8 u32 msg_namelen, +12 u32 msg_flags, +16 u64 msg_iov, +24 u64
///                msg_iovlen, +32 u64 msg_control, +40 u64 msg_controllen (the struct's fields as the
///                side finds them, an i386 caller's widened), +48 u16 name bytes present (min(namelen,
///                128)), +50 u16 control bytes present (min(controllen, 64)), +52 u32 0, +56 the name (a
///                raw sockaddr), then the control bytes, then 0s to a multiple of 8, then an Iovec
///                payload for msg_iov with vlen msg_iovlen (the op's MaxCount, Cap and length source).
///                full = length.
///   Sockaddr     the raw sockaddr: min(L, 128) bytes, L the length source's value (the address length
///                argument, or *addrlen on the op's side); full = L.
///   FdTarget     what the fd is, from the task's fd table (fd: the argument's value; the return for
///                argument 6; for an int array argument, its element Element read from user memory at
///                exit). A closed fd is UNREADABLE. +0 u64 i_ino, +8 u32 i_mode, +12 u32 i_rdev (the
///                kernel's dev_t: major << 20 | minor), +16 u16 family (sk_family; 0: not a socket),
///                +18 u16 sk_type, +20 u16 sk_protocol, +22 u16 0; 24 bytes, then by family:
///                AF_INET, AF_INET6: +24 u8[16] local address, +40 u8[16] peer address (as in memory,
///                network order; IPv4 in the first 4 bytes, the rest 0), +56 u16 local port, +58 u16 peer
///                port (host order); 60 bytes. The local end is the bound one (inet_rcv_saddr, inet_num:
///                0s when unbound); the peer is daddr and dport while the socket is connected, 0s in
///                TCP_CLOSE and TCP_LISTEN, so that an end is sent exactly when the kernel's sock_diag,
///                which strace asks, lists it.
///                AF_UNIX: +24 u64 the peer's inode (unix_peer's socket; 0 for none), +32 u16 n, +34 n
///                bytes of the bound sun_path (an abstract name starts with its NUL; no trailing NUL;
///                n at most 108).
///                AF_NETLINK: +24 u32 the port id. Other families: the 24 bytes alone. full = length.
///   DirentCount  +0 u32 the entries in the ret bytes a getdents call filled, walked by d_reclen (the u16
///                at +16 of each entry; at +8 in the linux_dirent of an i386 caller's getdents), at most 1024 (TRUNCATED);
///                full = 4.
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
