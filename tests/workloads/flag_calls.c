/* Makes one syscall per KIND VALUE pair of its arguments, with VALUE in the argument that KIND names, so
 * strace prints the value in that argument's set (flags, commands, signals, errno). After a getppid that
 * marks where the calls start, each pair makes exactly one call, with syscall() so libc adds nothing.
 * Every call is one that fails or changes nothing but this process: paths lie under a directory that
 * does not exist, descriptors are -1, addresses NULL or lengths 0. A clone that succeeds is a plain fork
 * whose child exits at once.
 * Usage: flag_calls KIND VALUE [KIND VALUE]...   (VALUE in C's notation: 0x40, -1, 0644) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <poll.h>
#include <unistd.h>

#define MISSING "/nonexistent-sysrec-flag-calls/x"

struct kernel_sigaction { unsigned long handler, flags, restorer, mask; };

static long call(const char *kind, long v)
{
	if (!strcmp(kind, "open")) return syscall(SYS_openat, -100, MISSING, v, 0);
	if (!strcmp(kind, "mknod")) return syscall(SYS_mknodat, -100, MISSING, v, 0);
	if (!strcmp(kind, "chmod")) return syscall(SYS_fchmodat, -100, MISSING, v);
	if (!strcmp(kind, "linkat")) return syscall(SYS_linkat, -1, "a", -1, "b", v);
	if (!strcmp(kind, "statx")) return syscall(SYS_statx, -1, "", v, 0, NULL);
	if (!strcmp(kind, "statx_mask")) return syscall(SYS_statx, -1, "", 0, v, NULL);
	if (!strcmp(kind, "faccessat2")) return syscall(SYS_faccessat2, -1, "a", 0, v);
	if (!strcmp(kind, "access")) return syscall(SYS_access, MISSING, v);
	if (!strcmp(kind, "mmap_prot")) return syscall(SYS_mmap, NULL, 0, v, 0x22, -1, 0);
	if (!strcmp(kind, "mmap_flags")) return syscall(SYS_mmap, NULL, 0, 0, v, -1, 0);
	if (!strcmp(kind, "mremap")) return syscall(SYS_mremap, NULL, 0, 0, v, NULL);
	if (!strcmp(kind, "msync")) return syscall(SYS_msync, NULL, 0, v);
	if (!strcmp(kind, "mlockall")) return syscall(SYS_mlockall, v);
	if (!strcmp(kind, "madvise")) return syscall(SYS_madvise, NULL, 0, v);
	if (!strcmp(kind, "fcntl")) return syscall(SYS_fcntl, -1, v, 0);
	if (!strcmp(kind, "fcntl_setfd")) return syscall(SYS_fcntl, -1, 2 /* F_SETFD */, v);
	if (!strcmp(kind, "fcntl_seals")) return syscall(SYS_fcntl, -1, 1033 /* F_ADD_SEALS */, v);
	if (!strcmp(kind, "fcntl_notify")) return syscall(SYS_fcntl, -1, 1026 /* F_NOTIFY */, v);
	if (!strcmp(kind, "fcntl_setlk")) {
		struct flock lock = { .l_type = v };
		return syscall(SYS_fcntl, -1, 6 /* F_SETLK */, &lock);
	}
	if (!strcmp(kind, "ioctl")) return syscall(SYS_ioctl, -1, v, 0);
	if (!strcmp(kind, "socket_domain")) return syscall(SYS_socket, v, 1, 0);
	if (!strcmp(kind, "socket_type")) return syscall(SYS_socket, 1 /* AF_UNIX */, v, 0);
	if (!strcmp(kind, "socket_protocol")) return syscall(SYS_socket, 2 /* AF_INET */, 2 /* SOCK_DGRAM */, v);
	if (!strcmp(kind, "socket_netlink")) return syscall(SYS_socket, 16 /* AF_NETLINK */, 3 /* SOCK_RAW */, v);
	if (!strcmp(kind, "sockopt_level")) return syscall(SYS_setsockopt, -1, v, 0, NULL, 0);
	if (!strcmp(kind, "sockopt_socket")) return syscall(SYS_setsockopt, -1, 1 /* SOL_SOCKET */, v, NULL, 0);
	if (!strcmp(kind, "sockopt_tcp")) return syscall(SYS_setsockopt, -1, 6 /* IPPROTO_TCP */, v, NULL, 0);
	if (!strcmp(kind, "sendto")) return syscall(SYS_sendto, -1, NULL, 0, v, NULL, 0);
	if (!strcmp(kind, "shutdown")) return syscall(SYS_shutdown, -1, v);
	if (!strcmp(kind, "clone")) {
		long pid = syscall(SYS_clone, v, NULL, NULL, NULL, 0);
		if (pid == 0)
			_exit(0);
		return pid;
	}
	if (!strcmp(kind, "prctl")) return syscall(SYS_prctl, v, 0, 0, 0, 0);
	if (!strcmp(kind, "arch_prctl")) return syscall(SYS_arch_prctl, v, 0);
	if (!strcmp(kind, "ptrace")) return syscall(SYS_ptrace, v, 0x3fffffff, 0, 0);
	if (!strcmp(kind, "wait4")) return syscall(SYS_wait4, -1, NULL, v | 1 /* WNOHANG: never block */, NULL);
	if (!strcmp(kind, "waitid")) return syscall(SYS_waitid, v, 0x3fffffff, NULL, WEXITED | WNOHANG, NULL);
	if (!strcmp(kind, "futex")) return syscall(SYS_futex, NULL, v, 0, NULL, NULL, 0);
	if (!strcmp(kind, "getrlimit")) return syscall(SYS_getrlimit, v, NULL);
	if (!strcmp(kind, "getpriority")) return syscall(SYS_getpriority, v, 0x3fffffff);
	if (!strcmp(kind, "getrusage")) return syscall(SYS_getrusage, v, NULL);
	if (!strcmp(kind, "clock_gettime")) return syscall(SYS_clock_gettime, v, NULL);
	if (!strcmp(kind, "clock_nanosleep")) {
		struct timespec zero = { 0, 0 };
		return syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, v, &zero, NULL);
	}
	if (!strcmp(kind, "getitimer")) return syscall(SYS_getitimer, v, NULL);
	if (!strcmp(kind, "lseek")) return syscall(SYS_lseek, -1, 0, v);
	if (!strcmp(kind, "renameat2")) return syscall(SYS_renameat2, -1, "a", -1, "b", v);
	if (!strcmp(kind, "mount")) return syscall(SYS_mount, NULL, NULL, NULL, v, NULL);
	if (!strcmp(kind, "fallocate")) return syscall(SYS_fallocate, -1, v, 0, 0);
	if (!strcmp(kind, "fadvise")) return syscall(SYS_fadvise64, -1, 0, 0, v);
	if (!strcmp(kind, "close_range")) return syscall(SYS_close_range, ~0U, ~0U, v);
	if (!strcmp(kind, "setxattr")) return syscall(SYS_setxattr, MISSING, "user.x", NULL, 0, v);
	if (!strcmp(kind, "splice")) return syscall(SYS_splice, -1, NULL, -1, NULL, 0, v);
	if (!strcmp(kind, "poll")) {
		struct pollfd fd = { .fd = 0, .events = v };
		return syscall(SYS_poll, &fd, 1, 0);
	}
	if (!strcmp(kind, "epoll_events")) {
		struct epoll_event event = { .events = v };
		return syscall(SYS_epoll_ctl, -1, EPOLL_CTL_ADD, -1, &event);
	}
	if (!strcmp(kind, "epoll_ctl")) return syscall(SYS_epoll_ctl, -1, v, -1, NULL);
	if (!strcmp(kind, "epoll_create1")) return syscall(SYS_epoll_create1, v);
	if (!strcmp(kind, "sigprocmask")) return syscall(SYS_rt_sigprocmask, v, NULL, NULL, 8);
	if (!strcmp(kind, "sigaction_flags")) {
		struct kernel_sigaction action = { .flags = v };
		return syscall(SYS_rt_sigaction, SIGKILL, &action, NULL, 8);
	}
	if (!strcmp(kind, "sigaltstack")) {
		stack_t stack = { .ss_sp = NULL, .ss_flags = v, .ss_size = 0 };
		return syscall(SYS_sigaltstack, &stack, NULL);
	}
	if (!strcmp(kind, "signal")) return syscall(SYS_rt_sigaction, v, NULL, NULL, 8);
	if (!strcmp(kind, "getrandom")) return syscall(SYS_getrandom, NULL, 0, v);
	if (!strcmp(kind, "memfd_create")) return syscall(SYS_memfd_create, "x", v);
	if (!strcmp(kind, "eventfd2")) return syscall(SYS_eventfd2, 0, v);
	if (!strcmp(kind, "timerfd_create")) return syscall(SYS_timerfd_create, CLOCK_MONOTONIC, v);
	if (!strcmp(kind, "inotify_add_watch")) return syscall(SYS_inotify_add_watch, -1, "x", v);
	if (!strcmp(kind, "inotify_init1")) return syscall(SYS_inotify_init1, v);
	if (!strcmp(kind, "flock")) return syscall(SYS_flock, -1, v);
	if (!strcmp(kind, "signalfd4")) {
		unsigned long long set = 0;
		return syscall(SYS_signalfd4, -1, &set, 8, v);
	}
	/* A siginfo queued to a pid that cannot exist (pid_max is at most 2^22), so nothing is delivered. */
	static const struct { const char *kind; int signal; } siginfo_kinds[] = {
		{ "siginfo", SIGUSR1 }, { "siginfo_chld", SIGCHLD }, { "siginfo_segv", SIGSEGV }, { "siginfo_bus", SIGBUS },
		{ "siginfo_trap", SIGTRAP }, { "siginfo_ill", SIGILL }, { "siginfo_fpe", SIGFPE },
	};
	for (unsigned i = 0; i < sizeof siginfo_kinds / sizeof siginfo_kinds[0]; i++) {
		if (!strcmp(kind, siginfo_kinds[i].kind)) {
			siginfo_t info = { .si_signo = siginfo_kinds[i].signal, .si_code = v };
			return syscall(SYS_rt_sigqueueinfo, 0x3fffffff, siginfo_kinds[i].signal, &info);
		}
	}
	if (!strcmp(kind, "sched_setscheduler")) return syscall(SYS_sched_setscheduler, -1, v, NULL);
	fprintf(stderr, "flag_calls: unknown kind %s\n", kind);
	exit(2);
}

int main(int argc, char **argv)
{
	syscall(SYS_getppid);
	for (int i = 1; i + 1 < argc; i += 2)
		call(argv[i], strtol(argv[i + 1], NULL, 0));
	return 0;
}
