/* Calls whose parameters sysdig's LID-DS lines show in every form: files opened by path and relative to
 * a directory fd, with flags and modes; a read and a write with their buffers; a missing file; fds of
 * each kind (pipe, eventfd, signalfd, epoll, inotify, timerfd, unix, TCP and UDP sockets). Everything
 * happens under DIR, which the caller made and removes. Usage: lidds_params DIR */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2 || chdir(argv[1]) != 0)
		return 2;
	int file = openat(AT_FDCWD, "data.txt", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	write(file, "hello lidds\n", 12);
	close(file);
	int directory = open(".", O_RDONLY | O_DIRECTORY);
	int again = openat(directory, "data.txt", O_RDONLY);
	char buffer[64];
	read(again, buffer, sizeof buffer);
	close(again);
	close(directory);
	openat(AT_FDCWD, "missing", O_RDONLY);

	int pipe_ends[2];
	pipe2(pipe_ends, 0);
	write(pipe_ends[1], "x", 1);
	int event = eventfd(0, 0);
	uint64_t one = 1;
	write(event, &one, sizeof one);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	close(signalfd(-1, &mask, 0));
	close(epoll_create1(0));
	close(inotify_init1(0));
	close(timerfd_create(CLOCK_MONOTONIC, 0));
	int unix_pair[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, unix_pair);
	write(unix_pair[0], "u", 1);

	int server = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	bind(server, (struct sockaddr *)&address, sizeof address);
	listen(server, 1);
	socklen_t length = sizeof address;
	getsockname(server, (struct sockaddr *)&address, &length);
	int client = socket(AF_INET, SOCK_STREAM, 0);
	connect(client, (struct sockaddr *)&address, sizeof address);
	int accepted = accept(server, NULL, NULL);
	write(client, "ping", 4);
	read(accepted, buffer, 4);
	int udp = socket(AF_INET, SOCK_DGRAM, 0);
	connect(udp, (struct sockaddr *)&address, sizeof address);
	write(udp, "d", 1);
	return 0;
}
