/* Waiting and signal calls whose arguments and results strace decodes, for the renderer's agreement
 * with strace beyond decode_procs: select and pselect6 with fd sets, ppoll and epoll_pwait with masks,
 * a handler taking siginfo, signals waited for (sigtimedwait, sigpending, sigsuspend), an alternate
 * signal stack, interval timers, waitid on a child, and tgkill.
 * Usage: decode_waits */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

static void on_signal(int signal, siginfo_t *info, void *context)
{
	(void)info;
	(void)context;
	caught = signal;
}

int main(void)
{
	int fds[2];
	pipe(fds);
	write(fds[1], "x", 1);

	fd_set readable, writable;
	FD_ZERO(&readable);
	FD_ZERO(&writable);
	FD_SET(fds[0], &readable);
	FD_SET(fds[1], &writable);
	struct timeval tv = { 0, 1000 };
	select(fds[1] + 1, &readable, &writable, NULL, &tv);
	/* A set of 64 fds in the last word before unmapped memory: the kernel reads only the words its n
	 * bits fill, and so must the recorder. */
	long page = sysconf(_SC_PAGESIZE);
	char *pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(pages + page, page);
	fd_set *edge = (fd_set *)(pages + page - sizeof(long));
	memset(edge, 0, sizeof(long));
	FD_SET(fds[0], edge);
	struct timeval zero = { 0, 0 };
	select(64, edge, NULL, NULL, &zero);
	FD_ZERO(&readable);
	struct timespec ts = { 0, 1000000 };
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	pselect(fds[0] + 1, &readable, NULL, NULL, &ts, &mask);

	struct pollfd pfd = { fds[0], POLLIN, 0 };
	ppoll(&pfd, 1, &ts, &mask);
	int epfd = epoll_create1(0);
	struct epoll_event event = { .events = EPOLLIN, .data.fd = fds[0] };
	epoll_ctl(epfd, EPOLL_CTL_ADD, fds[0], &event);
	struct epoll_event events[2];
	epoll_pwait(epfd, events, 2, 10, &mask);
	close(epfd);

	struct sigaction action = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO | SA_RESTART };
	sigemptyset(&action.sa_mask);
	sigaction(SIGUSR1, &action, NULL);
	sigaction(SIGALRM, &action, NULL);
	stack_t stack = { .ss_sp = malloc(SIGSTKSZ), .ss_size = SIGSTKSZ, .ss_flags = 0 };
	sigaltstack(&stack, NULL);
	syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);

	sigset_t blocked;
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGUSR2);
	sigprocmask(SIG_BLOCK, &blocked, NULL);
	kill(getpid(), SIGUSR2);
	sigset_t pending;
	sigpending(&pending);
	siginfo_t info;
	sigtimedwait(&blocked, &info, &ts);
	sigtimedwait(&blocked, &info, &ts);

	struct itimerval timer = { { 0, 0 }, { 0, 2000 } };
	setitimer(ITIMER_REAL, &timer, NULL);
	sigset_t none;
	sigemptyset(&none);
	sigsuspend(&none);
	getitimer(ITIMER_REAL, &timer);

	pid_t child = fork();
	if (child == 0)
		_exit(7);
	siginfo_t exited;
	waitid(P_PID, child, &exited, WEXITED);
	close(fds[0]);
	close(fds[1]);
	return caught == SIGALRM ? 0 : 1;
}
