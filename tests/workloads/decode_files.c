/* File calls whose arguments and results strace decodes, for the renderer's agreement with strace:
 * opens, reads and writes of text and binary data (escapes, cuts at -s), stat family, directories,
 * links, descriptors duplicated and changed, and calls that fail on purpose (missing file, bad fd,
 * bad pointer). Everything happens under DIR, which the caller made and removes.
 * Usage: decode_files DIR */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/sendfile.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	if (chdir(argv[1]) != 0)
		return 1;
	char cwd[4096];
	if (!getcwd(cwd, sizeof cwd))
		return 1;

	int fd = open("text.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	const char text[] = "line one\n\ttabbed \"quoted\" back\\slash\r\n";
	write(fd, text, sizeof text - 1);
	const char long_text[] = "0123456789abcdefghijklmnopqrstuvwxyz0123456789";
	write(fd, long_text, sizeof long_text - 1);
	unsigned char binary[40];
	for (unsigned i = 0; i < sizeof binary; i++)
		binary[i] = (unsigned char)(i * 37 + 1);
	binary[3] = 0;
	binary[4] = '7';
	write(fd, binary, sizeof binary);
	const char utf8[] = "caf\xc3\xa9 \x7f end";
	write(fd, utf8, sizeof utf8 - 1);
	struct iovec iov[2] = { { (void *)"hello ", 6 }, { (void *)"world\n", 6 } };
	writev(fd, iov, 2);
	pwrite(fd, "at 100", 6, 100);
	fsync(fd);
	fdatasync(fd);
	ftruncate(fd, 200);
	close(fd);

	fd = openat(AT_FDCWD, "text.txt", O_RDONLY | O_CLOEXEC);
	char buf[4096];
	read(fd, buf, 16);
	read(fd, buf, 100);
	pread(fd, buf, 8, 100);
	lseek(fd, 0, SEEK_SET);
	lseek(fd, -4, SEEK_END);
	char a[5], b[7];
	struct iovec riov[2] = { { a, sizeof a }, { b, sizeof b } };
	lseek(fd, 0, SEEK_SET);
	readv(fd, riov, 2);
	struct stat st;
	fstat(fd, &st);
	stat("text.txt", &st);
	lstat("text.txt", &st);
	fstatat(AT_FDCWD, "text.txt", &st, AT_SYMLINK_NOFOLLOW);
	struct statx stx;
	statx(AT_FDCWD, "text.txt", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, &stx);
	int dup1 = dup(fd);
	dup2(fd, 10);
	dup3(fd, 11, O_CLOEXEC);
	fcntl(fd, F_GETFD);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_GETFL);
	fcntl(fd, F_DUPFD, 20);
	fcntl(fd, F_DUPFD_CLOEXEC, 30);
	flock(fd, LOCK_SH);
	flock(fd, LOCK_UN);
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	close(dup1);
	close(10);
	close(11);
	close(20);
	close(30);
	close(fd);

	access("text.txt", R_OK | W_OK);
	faccessat(AT_FDCWD, "text.txt", X_OK, AT_EACCESS);
	mkdir("sub", 0755);
	mkdirat(AT_FDCWD, "sub/inner", 0700);
	symlink("text.txt", "link");
	readlink("link", buf, sizeof buf);
	link("text.txt", "hard");
	rename("hard", "hard2");
	renameat2(AT_FDCWD, "hard2", AT_FDCWD, "hard3", RENAME_NOREPLACE);
	chmod("text.txt", 0600);
	fchmodat(AT_FDCWD, "text.txt", 0640, 0);
	chown("text.txt", 0, 0);
	truncate("text.txt", 100);
	umask(022);
	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	getdents64(dfd, buf, sizeof buf);
	getdents64(dfd, buf, sizeof buf);
	openat(dfd, "sub", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	fchdir(dfd);
	chdir("sub");
	chdir("..");
	struct statfs sfs;
	statfs(".", &sfs);
	statfs("/proc", &sfs);
	statfs("/dev/shm", &sfs);
	char value[64];
	getxattr("text.txt", "user.missing", value, sizeof value);
	unlink("link");
	unlinkat(AT_FDCWD, "hard3", 0);
	unlinkat(AT_FDCWD, "sub/inner", AT_REMOVEDIR);
	rmdir("sub");
	creat("made.txt", 0600);
	int in = open("text.txt", O_RDONLY);
	int out = open("copy.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
	copy_file_range(in, NULL, out, NULL, 1 << 20, 0);
	sendfile(out, in, NULL, 10);

	/* Calls that fail. */
	open("missing.txt", O_RDONLY);
	openat(AT_FDCWD, "/nonexistent-sysrec/x", O_WRONLY | O_CREAT, 0600);
	read(99, buf, 10);
	write(99, "x", 1);
	close(99);
	fstat(99, &st);
	stat("missing.txt", &st);
	syscall(SYS_openat, AT_FDCWD, (char *)8, O_RDONLY);
	syscall(SYS_read, in, (char *)8, 10);
	syscall(SYS_write, out, (char *)8, 10);
	syscall(SYS_newfstatat, AT_FDCWD, "text.txt", (void *)8, 0);
	mkdir("text.txt", 0755);
	rmdir("missing");
	ioctl(in, TCGETS, buf);
	ioctl(in, FIONREAD, buf);
	readlink("text.txt", buf, sizeof buf);
	return 0;
}
