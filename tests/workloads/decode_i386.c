/* i386 calls whose arguments and results strace decodes, for the renderer's agreement with strace on a
 * static -m32 program: its start (set_thread_area, brk), file I/O through the 64-bit-offset calls
 * (_llseek, pread64, fadvise64), the stat64 and statfs64 family, fcntl64, mmap2, directories read
 * with getdents and getdents64, a pipe, a fork whose exit status is waited for, signal actions and
 * masks (the old sigaction and sigprocmask too), a socket through socketcall, and calls that fail on
 * purpose. Everything happens under DIR,
 * which the caller made and removes.
 * Usage: decode_i386 DIR */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr1(int signal) { (void)signal; }

int main(int argc, char **argv)
{
	if (argc != 2 || chdir(argv[1]) != 0)
		return 2;

	int fd = open("data.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "hello from i386\n", 16);
	lseek(fd, 0, SEEK_SET);
	char buf[4096];
	read(fd, buf, sizeof buf);
	lseek64(fd, 6, SEEK_SET);
	read(fd, buf, 4);
	pread(fd, buf, 5, 0);
	pwrite(fd, "I386", 4, 11);
	struct stat st;
	fstat(fd, &st);
	stat("data.txt", &st);
	lstat("data.txt", &st);
	/* The stat64 calls themselves, which glibc makes statx in their place. */
	char st64[128];
	syscall(SYS_fstat64, fd, st64);
	syscall(SYS_stat64, "data.txt", st64);
	syscall(SYS_lstat64, "data.txt", st64);
	syscall(SYS_fstatat64, AT_FDCWD, "data.txt", st64, AT_SYMLINK_NOFOLLOW);
	struct statfs sfs;
	fstatfs(fd, &sfs);
	statfs(".", &sfs);
	fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_DUPFD, 20);
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	ftruncate(fd, 8);
	fsync(fd);

	void *anon = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(anon, 4096, PROT_READ);
	munmap(anon, 8192);
	void *file = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	munmap(file, 4096);
	close(20);
	close(fd);

	mkdir("sub", 0755);
	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	syscall(SYS_getdents, dfd, buf, sizeof buf);
	lseek(dfd, 0, SEEK_SET);
	syscall(SYS_getdents64, dfd, buf, sizeof buf);
	close(dfd);
	rmdir("sub");
	unlink("data.txt");

	int fds[2];
	pipe(fds);
	pid_t child = fork();
	if (child == 0) {
		write(fds[1], "child\n", 6);
		_exit(3);
	}
	read(fds[0], buf, sizeof buf);
	int status;
	waitpid(child, &status, 0);
	close(fds[0]);
	close(fds[1]);

	struct sigaction action = { .sa_handler = on_usr1 };
	sigemptyset(&action.sa_mask);
	sigaddset(&action.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &action, NULL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_UNBLOCK, &set, &set);
	/* i386's own sigaction and sigprocmask, of a one-word mask, which glibc no longer makes. */
	struct old_sigaction {
		void (*handler)(int);
		unsigned long mask, flags;
		void (*restorer)(void);
	} old = { SIG_IGN, 1UL << (SIGUSR1 - 1), 0, NULL };
	syscall(SYS_sigaction, SIGUSR2, &old, &old);
	unsigned long mask = 1UL << (SIGHUP - 1);
	syscall(SYS_sigprocmask, SIG_BLOCK, &mask, &mask);

	int sock = socket(AF_UNIX, SOCK_STREAM, 0);
	close(sock);
	struct utsname name;
	uname(&name);
	getpid();

	/* Calls that fail. */
	open("missing.txt", O_RDONLY);
	read(99, buf, 10);
	stat("missing.txt", &st);
	fstat(99, &st);
	lseek(99, 0, SEEK_SET);
	return 0;
}
