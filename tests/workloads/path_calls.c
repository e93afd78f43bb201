/* Makes file syscalls on known paths under DIR, between a marker block of 3 and one of 4, each made
 * with syscall() so the trace holds exactly these calls, in this order:
 *   openat      DIR/file (created)
 *   close
 *   fstat       DIR/file        (newfstatat, or fstatat64 in a 32-bit build)
 *   renameat    DIR/file -> DIR/renamed
 *   mkdirat     DIR/d<c3><a9>"q  (UTF-8 and a quote, for the escaping)
 *   unlinkat    DIR/d<c3><a9>"q  (AT_REMOVEDIR)
 *   openat      DIR/<x...>, 255 bytes in all, which does not exist
 *   openat      DIR/<y...>, 300 bytes in all, which does not exist
 *   openat      a bad pointer (8)
 *   unlinkat    DIR/renamed
 * Every path is built on the stack, so its memory is present when the syscall starts.
 * Usage: path_calls DIR */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "marker_block.h"

#ifdef SYS_newfstatat
#define SYS_FSTATAT SYS_newfstatat
#else
#define SYS_FSTATAT SYS_fstatat64
#endif

/* DIR/ followed by c up to total bytes. */
static void long_path(char *path, const char *dir, char c, size_t total)
{
	size_t n = (size_t)snprintf(path, total + 1, "%s/", dir);

	memset(path + n, c, total - n);
	path[total] = '\0';
}

int main(int argc, char **argv)
{
	char file[512], renamed[512], odd[512], exact[512], cut[512];
	char st[256]; /* room for any struct stat */
	const char *dir = argv[1];

	snprintf(file, sizeof(file), "%s/file", dir);
	snprintf(renamed, sizeof(renamed), "%s/renamed", dir);
	snprintf(odd, sizeof(odd), "%s/d\xc3\xa9\"q", dir);
	long_path(exact, dir, 'x', 255);
	long_path(cut, dir, 'y', 300);

	marker_block(3);
	long fd = syscall(SYS_openat, AT_FDCWD, file, O_CREAT | O_WRONLY, 0600);
	syscall(SYS_close, fd);
	syscall(SYS_FSTATAT, AT_FDCWD, file, st, 0);
	syscall(SYS_renameat, AT_FDCWD, file, AT_FDCWD, renamed);
	syscall(SYS_mkdirat, AT_FDCWD, odd, 0700);
	syscall(SYS_unlinkat, AT_FDCWD, odd, AT_REMOVEDIR);
	syscall(SYS_openat, AT_FDCWD, exact, O_RDONLY);
	syscall(SYS_openat, AT_FDCWD, cut, O_RDONLY);
	syscall(SYS_openat, AT_FDCWD, (char *)8, O_RDONLY);
	syscall(SYS_unlinkat, AT_FDCWD, renamed, 0);
	marker_block(4);
	return fd < 0;
}
