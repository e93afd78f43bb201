/* Socket calls on loopback whose arguments and results strace decodes, for the renderer's agreement
 * with strace: a TCP server and client in two processes (bind, listen, accept4, connect, send, recv,
 * options, names, shutdown), UDP datagrams with addresses, a UNIX socketpair with sendmsg/recvmsg,
 * and a connect that fails. Usage: decode_net */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int on = 1;
	setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	bind(server, (struct sockaddr *)&address, sizeof address);
	listen(server, 8);
	socklen_t length = sizeof address;
	getsockname(server, (struct sockaddr *)&address, &length);

	pid_t client = fork();
	if (client == 0) {
		int s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
		connect(s, (struct sockaddr *)&address, sizeof address);
		setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
		send(s, "GET / HTTP/1.0\r\n\r\n", 18, 0);
		char reply[64];
		recv(s, reply, sizeof reply, 0);
		struct sockaddr_in peer;
		socklen_t peer_length = sizeof peer;
		getpeername(s, (struct sockaddr *)&peer, &peer_length);
		shutdown(s, SHUT_WR);
		close(s);
		_exit(0);
	}
	struct sockaddr_in from;
	socklen_t from_length = sizeof from;
	int connection = accept4(server, (struct sockaddr *)&from, &from_length, SOCK_CLOEXEC);
	char request[64];
	struct pollfd pfd = { connection, POLLIN, 0 };
	poll(&pfd, 1, 1000);
	recvfrom(connection, request, sizeof request, 0, NULL, NULL);
	sendto(connection, "HTTP/1.0 200 OK\r\n", 17, MSG_NOSIGNAL, NULL, 0);
	int type;
	socklen_t type_length = sizeof type;
	getsockopt(connection, SOL_SOCKET, SO_TYPE, &type, &type_length);
	int status;
	waitpid(client, &status, 0);
	close(connection);
	close(server);

	int udp = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in udp_address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	bind(udp, (struct sockaddr *)&udp_address, sizeof udp_address);
	length = sizeof udp_address;
	getsockname(udp, (struct sockaddr *)&udp_address, &length);
	sendto(udp, "datagram", 8, 0, (struct sockaddr *)&udp_address, sizeof udp_address);
	char datagram[16];
	struct sockaddr_in sender;
	socklen_t sender_length = sizeof sender;
	recvfrom(udp, datagram, sizeof datagram, 0, (struct sockaddr *)&sender, &sender_length);
	close(udp);

	int pair[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
	struct iovec iov[2] = { { (void *)"one", 3 }, { (void *)"two", 3 } };
	struct msghdr message = { .msg_iov = iov, .msg_iovlen = 2 };
	sendmsg(pair[0], &message, 0);
	char in[8];
	struct iovec riov = { in, sizeof in };
	struct msghdr received = { .msg_iov = &riov, .msg_iovlen = 1 };
	recvmsg(pair[1], &received, 0);
	close(pair[0]);
	close(pair[1]);

	int unix_socket = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un unix_address = { .sun_family = AF_UNIX, .sun_path = "/nonexistent-sysrec/socket" };
	connect(unix_socket, (struct sockaddr *)&unix_address, sizeof unix_address);
	close(unix_socket);
	int refused = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 six = { .sin6_family = AF_INET6, .sin6_port = htons(9), .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	connect(refused, (struct sockaddr *)&six, sizeof six);
	close(refused);
	return 0;
}
