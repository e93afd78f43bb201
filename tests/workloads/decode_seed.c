/* The fds a process may hold when the recorder starts, for seeding the fd table from /proc and comparing
 * it with strace -yy attached to the same process: a file, a directory, a file unlinked while open,
 * /dev/null, a pipe, a listening TCP socket, a bound UDP socket, an eventfd and an epoll fd, some
 * close-on-exec; its cwd is DIR. Prints "ready", waits for a line, then names its cwd in a call that
 * fails and closes each fd, and exits. Usage: decode_seed DIR */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2 || chdir(argv[1]) != 0)
		return 2;
	int fds[16], n = 0;
	fds[n++] = open("seed.txt", O_RDONLY | O_CREAT, 0644);
	fds[n++] = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fds[n++] = open("gone.txt", O_WRONLY | O_CREAT, 0644);
	unlink("gone.txt");
	fds[n++] = open("/dev/null", O_RDWR);
	int pipe_fds[2];
	pipe2(pipe_fds, O_CLOEXEC);
	fds[n++] = pipe_fds[0];
	fds[n++] = pipe_fds[1];
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int tcp = socket(AF_INET, SOCK_STREAM, 0);
	bind(tcp, (struct sockaddr *)&address, sizeof address);
	listen(tcp, 1);
	fds[n++] = tcp;
	int udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bind(udp, (struct sockaddr *)&address, sizeof address);
	fds[n++] = udp;
	fds[n++] = eventfd(0, 0);
	fds[n++] = epoll_create1(0);

	printf("ready\n");
	fflush(stdout);
	char line[16];
	if (!fgets(line, sizeof line, stdin))
		return 1;
	openat(AT_FDCWD, "missing", O_RDONLY);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	return 0;
}
