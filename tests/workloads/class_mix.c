/* Makes calls of every strace class (%file, %desc, %network, %process, %signal, %memory, %ipc) and
 * calls in none, the same ones on every run, so two tracers can be compared on it. Works in the
 * current directory, which should be an empty temporary one: it creates and removes "f", "g" and "d".
 * Usage: class_mix */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_signal(int signal) { (void)signal; }

int main(void)
{
	char buffer[256];
	struct stat status;

	/* %file and %desc */
	int fd = open("f", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "x", 1) != 1 || fstat(fd, &status) != 0)
		return 1;
	lseek(fd, 0, SEEK_SET);
	int copy = dup(fd);
	dup2(copy, 100);
	fcntl(100, F_GETFL);
	close(100);
	close(copy);
	close(fd);
	stat("f", &status);
	access("f", R_OK);
	rename("f", "g");
	mkdir("d", 0700);
	rmdir("d");
	unlink("g");
	if (getcwd(buffer, sizeof buffer) == NULL || chdir(".") != 0)
		return 1;
	readlink("/proc/self/exe", buffer, sizeof buffer);
	int pipes[2];
	if (pipe2(pipes, O_CLOEXEC) != 0)
		return 1;
	struct pollfd readable = { .fd = pipes[0], .events = POLLIN };
	poll(&readable, 1, 0);
	int epoll = epoll_create1(0);
	int event = eventfd(0, 0);
	close(event);
	close(epoll);
	close(pipes[0]);
	close(pipes[1]);

	/* %network */
	int pair[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0)
		return 1;
	send(pair[0], "y", 1, 0);
	recv(pair[1], buffer, 1, 0);
	shutdown(pair[0], SHUT_RDWR);
	close(pair[0]);
	close(pair[1]);
	int udp = socket(AF_INET, SOCK_DGRAM, 0);
	int on = 1;
	setsockopt(udp, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t length = sizeof address;
	bind(udp, (struct sockaddr *)&address, sizeof address);
	getsockname(udp, (struct sockaddr *)&address, &length);
	close(udp);

	/* %memory */
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return 1;
	mprotect(page, 4096, PROT_READ);
	madvise(page, 4096, MADV_DONTNEED);
	unsigned char resident;
	mincore(page, 4096, &resident);
	munmap(page, 4096);
	sbrk(0);

	/* %signal, and %process for kill */
	struct sigaction action = { .sa_handler = on_signal };
	sigaction(SIGUSR1, &action, NULL);
	sigset_t blocked;
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGUSR2);
	sigprocmask(SIG_BLOCK, &blocked, NULL);
	kill(getpid(), SIGUSR1);

	/* %ipc */
	int shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (shm >= 0) {
		void *shared = shmat(shm, NULL, 0);
		if (shared != (void *)-1)
			shmdt(shared);
		shmctl(shm, IPC_RMID, NULL);
	}
	int sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (sem >= 0)
		semctl(sem, 0, IPC_RMID);
	int queue = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (queue >= 0)
		msgctl(queue, IPC_RMID, NULL);

	/* %process */
	pid_t child = fork();
	if (child == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	int child_status;
	waitpid(child, &child_status, 0);

	/* In no class */
	getpid();
	umask(077);
	return 0;
}
