/* Process, thread, pipe and signal calls whose arguments and results strace decodes, for the renderer's
 * agreement with strace: pipes and fork/wait (an exit code, a kill), a thread, exec with arguments, a
 * signal caught by a handler, masks, sleeps and clocks, limits, and the descriptors of the fd-creating
 * calls (eventfd, timerfd, signalfd, epoll, inotify, memfd, pidfd).
 * Usage: decode_procs EXECUTABLE (the program to exec last, with arguments) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

static void on_usr1(int signal) { caught = signal; }

static void *thread_main(void *argument)
{
	(void)argument;
	syscall(SYS_getppid);
	write(1, "", 0);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	int fds[2];
	pipe(fds);
	write(fds[1], "ping\n", 5);
	char buf[64];
	read(fds[0], buf, sizeof buf);
	close(fds[0]);
	close(fds[1]);
	pipe2(fds, O_CLOEXEC | O_NONBLOCK);
	read(fds[0], buf, sizeof buf);
	close(fds[0]);
	close(fds[1]);

	pid_t child = fork();
	if (child == 0)
		_exit(3);
	int status;
	wait4(child, &status, 0, NULL);
	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	waitpid(-1, &status, WNOHANG);

	pthread_t thread;
	pthread_create(&thread, NULL, thread_main, NULL);
	pthread_join(thread, NULL);

	struct sigaction action = { .sa_handler = on_usr1 };
	sigemptyset(&action.sa_mask);
	sigaddset(&action.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &action, NULL);
	kill(getpid(), SIGUSR1);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_UNBLOCK, &set, &set);
	signal(SIGPIPE, SIG_IGN);

	struct timespec ts = { 0, 1000000 };
	nanosleep(&ts, NULL);
	syscall(SYS_nanosleep, &ts, NULL);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
	syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
	struct rlimit limit;
	getrlimit(RLIMIT_NOFILE, &limit);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, RLIM_INFINITY });
	syscall(SYS_setrlimit, RLIMIT_CORE, &(struct rlimit){ 0, RLIM_INFINITY });
	prlimit(0, RLIMIT_STACK, NULL, &limit);
	struct utsname name;
	uname(&name);
	struct sysinfo info;
	sysinfo(&info);
	unsigned char random[8];
	getrandom(random, sizeof random, GRND_NONBLOCK);
	getrandom(buf, 40, 0);
	sched_yield();

	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	unsigned long long one = 1;
	write(efd, &one, sizeof one);
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct itimerspec spec = { { 0, 0 }, { 0, 500000 } };
	timerfd_settime(tfd, 0, &spec, NULL);
	sigset_t sfdset;
	sigemptyset(&sfdset);
	sigaddset(&sfdset, SIGCHLD);
	int sfd = signalfd(-1, &sfdset, SFD_CLOEXEC);
	int epfd = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event event = { .events = EPOLLIN, .data.u64 = 7 };
	epoll_ctl(epfd, EPOLL_CTL_ADD, efd, &event);
	struct epoll_event events[4];
	epoll_wait(epfd, events, 4, 100);
	struct pollfd pfd[2] = { { efd, POLLIN, 0 }, { tfd, POLLIN, 0 } };
	poll(pfd, 2, 100);
	int ifd = inotify_init1(IN_CLOEXEC);
	inotify_add_watch(ifd, "/", IN_CREATE | IN_DELETE);
	int mfd = memfd_create("sysrec-memfd", MFD_CLOEXEC);
	int pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	close(efd);
	close(tfd);
	close(sfd);
	close(epfd);
	close(ifd);
	close(mfd);
	close(pidfd);

	void *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(map, 4096, PROT_READ);
	madvise(map, 8192, MADV_DONTNEED);
	munmap(map, 8192);

	child = fork();
	if (child == 0) {
		char *args[] = { argv[1], "-c", "exit 0", NULL };
		char *env[] = { "A=1", "B=2", NULL };
		execve(argv[1], args, env);
		_exit(127);
	}
	waitpid(child, &status, 0);
	execve("/nonexistent-sysrec/prog", (char *[]){ "prog", NULL }, (char *[]){ NULL });
	return caught == SIGUSR1 ? 0 : 1;
}
