using System.Text.RegularExpressions;
using Sysrec.Decoding;
using Sysrec.Tests.Integration;
using static Sysrec.Tests.Decoding.Structs;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// tests/workloads/decode_net.c under strace, and its calls built by hand as the kernel would capture
/// them: sockets named by what the kernel says at socket, bind, connect and accept (ports and inodes the
/// run chose, read from strace's lines), addresses, options, messages, a child whose calls interleave.
/// </summary>
public sealed class SocketCallAgreementTests
{
    private const ulong Data = 0x5598e4a01000, Buffer = 0x7ffd5e1c2000, Address = 0x7ffd5e1c1f00, Length = 0x7ffd5e1c1e00;
    private const ushort Inet = 2, Inet6 = 10, Stream = 1, Datagram = 2, Tcp = 6, Udp = 17;
    private static readonly byte[] Loopback = [127, 0, 0, 1];

    [Fact]
    public void TheSocketCallsOfAServerAndItsClientRenderAsStracePrintsThem()
    {
        string workload = Workloads.Build("decode_net.c", "sr_decode_net");
        using var directory = new TempDirectory();
        StraceRun run = StraceRun.Of(directory.Path, workload);
        int server = run.FirstPid;
        var replay = new StraceReplay(run);
        replay.SeedInherited(server, directory.Path);
        TestCall Server(string name, params ulong[] args) => TestCall.Of(name, args) with { Pid = server, Tid = server };

        ulong listening = Inode(replay.Peek(server, "socket"));
        replay.Expect(Server("socket", Inet, 0x80001, 0).Out(c => c.FdTarget(CaptureSet.ReturnValue, InetSocket(listening, Inet, Stream, Tcp))).Returning(3));
        replay.Expect(Server("setsockopt", 3, 1, 2, Buffer, 4).In(c => c.Bytes(3, Ints(1))).Returning(0));
        ushort port = Port(replay.Peek(server, "getsockname"));
        FdTarget bound = InetSocket(listening, Inet, Stream, Tcp, Loopback, port);
        replay.Expect(Server("bind", 3, Address, 16).In(c => c.Add(1, CaptureKind.Sockaddr, SockaddrIn(0, Loopback), 16)).Out(c => c.FdTarget(0, bound)).Returning(0));
        replay.Expect(Server("listen", 3, 8).Returning(0));
        replay.Expect(Server("getsockname", 3, Address, Length)
            .In(c => c.Int(2, 16)).Out(c => c.Add(1, CaptureKind.Sockaddr, SockaddrIn(port, Loopback), 16).Int(2, 16)).Returning(0));
        int client = (int)Return(replay.Peek(server, "clone"));
        replay.Expect(Server("clone", 0x1200011, 0, 0, 0x7f1c2a200a10, 0).Returning(client));
        replay.Fork(server, server, client, client, sharesFiles: false);

        TestCall Client(string name, params ulong[] args) => TestCall.Of(name, args) with { Pid = client, Tid = client };
        ulong connecting = Inode(replay.Peek(client, "socket"));
        ushort clientPort = Port(replay.Peek(server, "accept4"));
        FdTarget clientEnd = InetSocket(connecting, Inet, Stream, Tcp, Loopback, clientPort, Loopback, port);
        replay.Expect(Client("socket", Inet, Stream, Tcp).Out(c => c.FdTarget(CaptureSet.ReturnValue, InetSocket(connecting, Inet, Stream, Tcp))).Returning(4));
        replay.Expect(Client("connect", 4, Address, 16).In(c => c.Add(1, CaptureKind.Sockaddr, SockaddrIn(port, Loopback), 16)).Out(c => c.FdTarget(0, clientEnd)).Returning(0));
        replay.Expect(Client("setsockopt", 4, 6, 1, Buffer, 4).In(c => c.Bytes(3, Ints(1))).Returning(0));
        replay.Expect(Client("sendto", 4, Data, 18, 0, 0, 0).In(c => c.Bytes(1, "GET / HTTP/1.0\r\n\r\n"u8)).Returning(18));
        replay.Expect(Client("recvfrom", 4, Buffer, 64, 0, 0, 0).Out(c => c.Bytes(1, "HTTP/1.0 200 OK\r\n"u8)).Returning(17));
        replay.Expect(Client("getpeername", 4, Address, Length)
            .In(c => c.Int(2, 16)).Out(c => c.Add(1, CaptureKind.Sockaddr, SockaddrIn(port, Loopback), 16).Int(2, 16)).Returning(0));
        replay.Expect(Client("shutdown", 4, 1).Returning(0));
        replay.Expect(Client("close", 4).Returning(0));
        replay.Expect(Client("exit_group", 0) with { Returned = false });
        replay.ExpectExit(new ProcessExit(client, client, 0, 0));

        // strace names a connected socket by its ends alone: its inode is not seen.
        FdTarget serverEnd = InetSocket(99, Inet, Stream, Tcp, Loopback, port, Loopback, clientPort);
        replay.Expect(Server("accept4", 3, Address, Length, 0x80000)
            .In(c => c.Int(2, 16))
            .Out(c => c.Add(1, CaptureKind.Sockaddr, SockaddrIn(clientPort, Loopback), 16).Int(2, 16).FdTarget(CaptureSet.ReturnValue, serverEnd))
            .Returning(4));
        short revents = (short)ConstantNames.Value(ConstantSets.PollEvents, Regex.Match(replay.Peek(server, "poll").Whole, @"revents=([\w|]+)").Groups[1].Value);
        replay.Expect(Server("poll", Buffer, 1, 1000).In(c => c.Add(0, CaptureKind.Array, Pollfds((4, 1, 0)), 8)).Out(c => c.Add(0, CaptureKind.Array, Pollfds((4, 1, revents)), 8)).Returning(1));
        replay.Expect(Server("recvfrom", 4, Buffer, 64, 0, 0, 0).Out(c => c.Bytes(1, "GET / HTTP/1.0\r\n\r\n"u8)).Returning(18));
        replay.Expect(Server("sendto", 4, Data, 17, 0x4000, 0, 0).In(c => c.Bytes(1, "HTTP/1.0 200 OK\r\n"u8)).Returning(17));
        replay.Expect(Server("getsockopt", 4, 1, 3, Buffer, Length).In(c => c.Int(4, 4)).Out(c => c.Add(3, CaptureKind.Bytes, Ints(1), 4).Int(4, 4)).Returning(0));
        replay.ExpectReaped(Server("wait4", (ulong)client, Buffer, 0, 0).Out(c => c.Int(1, 0)).Returning(client), line => ChildExited(line, client));
        replay.Expect(Server("close", 4).Returning(0));
        replay.Expect(Server("close", 3).Returning(0));

        ulong udp = Inode(replay.Peek(server, "socket"));
        ushort udpPort = Port(replay.Peek(server, "getsockname"));
        byte[] udpAddress = SockaddrIn(udpPort, Loopback);
        replay.Expect(Server("socket", Inet, Datagram, 0).Out(c => c.FdTarget(CaptureSet.ReturnValue, InetSocket(udp, Inet, Datagram, Udp))).Returning(3));
        replay.Expect(Server("bind", 3, Address, 16).In(c => c.Add(1, CaptureKind.Sockaddr, SockaddrIn(0, Loopback), 16))
            .Out(c => c.FdTarget(0, InetSocket(udp, Inet, Datagram, Udp, Loopback, udpPort))).Returning(0));
        replay.Expect(Server("getsockname", 3, Address, Length).In(c => c.Int(2, 16)).Out(c => c.Add(1, CaptureKind.Sockaddr, udpAddress, 16).Int(2, 16)).Returning(0));
        replay.Expect(Server("sendto", 3, Data, 8, 0, Address, 16).In(c => c.Bytes(1, "datagram"u8).Add(4, CaptureKind.Sockaddr, udpAddress, 16)).Returning(8));
        replay.Expect(Server("recvfrom", 3, Buffer, 16, 0, Address, Length)
            .In(c => c.Int(5, 16)).Out(c => c.Bytes(1, "datagram"u8).Add(4, CaptureKind.Sockaddr, udpAddress, 16).Int(5, 16)).Returning(8));
        replay.Expect(Server("close", 3).Returning(0));

        (ulong one, ulong two) = UnixPair(replay.Peek(server, "socketpair"));
        replay.Expect(Server("socketpair", 1, Stream, 0, Buffer)
            .Out(c => c.Add(3, CaptureKind.Array, Ints(3, 4), 8).FdTarget(3, UnixSocket(one, Stream, two), 0).FdTarget(3, UnixSocket(two, Stream, one), 1)).Returning(0));
        replay.Expect(Server("sendmsg", 3, Address, 0).In(c => c.Msghdr(1, [], 0, 0, [(Data, 3, "one"u8.ToArray()), (Data + 4, 3, "two"u8.ToArray())], 2, [], 0, 0)).Returning(6));
        replay.Expect(Server("recvmsg", 4, Address, 0).Out(c => c.Msghdr(1, [], 0, 0, [(Buffer, 8, "onetwo"u8.ToArray())], 1, [], 0, 0)).Returning(6));
        replay.Expect(Server("close", 3).Returning(0));
        replay.Expect(Server("close", 4).Returning(0));

        ulong unix = Inode(replay.Peek(server, "socket"));
        replay.Expect(Server("socket", 1, Stream, 0).Out(c => c.FdTarget(CaptureSet.ReturnValue, UnixSocket(unix, Stream))).Returning(3));
        replay.Expect(Server("connect", 3, Address, 110).In(c => c.Add(1, CaptureKind.Sockaddr, SockaddrUn("/nonexistent-sysrec/socket"), 110))
            .Out(c => c.FdTarget(0, UnixSocket(unix, Stream))).Returning(-2));
        replay.Expect(Server("close", 3).Returning(0));
        ulong six = Inode(replay.Peek(server, "socket"));
        byte[] loopback6 = new byte[16];
        loopback6[15] = 1;
        replay.Expect(Server("socket", Inet6, Stream, 0).Out(c => c.FdTarget(CaptureSet.ReturnValue, InetSocket(six, Inet6, Stream, Tcp))).Returning(3));
        // A refused connect leaves the socket closed, unbound and unlisted: the kernel sends its ends as none.
        replay.Expect(Server("connect", 3, Address, 28).In(c => c.Add(1, CaptureKind.Sockaddr, SockaddrIn6(9, loopback6), 28))
            .Out(c => c.FdTarget(0, InetSocket(six, Inet6, Stream, Tcp))).Returning(-111));
        replay.Expect(Server("close", 3).Returning(0));
        replay.Expect(Server("exit_group", 0) with { Returned = false });
        replay.ExpectExit(new ProcessExit(server, server, 0, 0));
        replay.AssertAllAgree(atLeast: 45);
    }

    // "3<TCP:[1434109]>" in a socket call's return, or the first inode of a line.
    private static ulong Inode(StraceLine line) => ulong.Parse(Regex.Match(line.Whole, @":\[(\d+)\]>").Groups[1].Value);

    private static ushort Port(StraceLine line) => ushort.Parse(Regex.Match(line.Whole, @"sin_port=htons\((\d+)\)").Groups[1].Value);

    private static long Return(StraceLine line) => long.Parse(Regex.Match(line.Whole, @"= (-?\d+)").Groups[1].Value);

    private static (ulong, ulong) UnixPair(StraceLine line)
    {
        Match match = Regex.Match(line.Whole, @"UNIX-STREAM:\[(\d+)->(\d+)\]");
        return (ulong.Parse(match.Groups[1].Value), ulong.Parse(match.Groups[2].Value));
    }

    /// <summary>A SIGCHLD for a child that exited 0, with the times strace printed (clock ticks).</summary>
    internal static SignalInfo ChildExited(StraceLine line, int child, int code = 1, int status = 0)
    {
        long Ticks(string field) => long.Parse(Regex.Match(line.Text, $@"{field}=(\d+)").Groups[1].Value);
        return new SignalInfo(17, code, Pid: child, Status: status, UserTime: Ticks("si_utime"), SystemTime: Ticks("si_stime"));
    }
}
