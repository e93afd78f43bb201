/* Makes calls whose returns tell success, failure and values apart: opens that fail (ENOENT,
 * ENOTDIR), one that works, reads of FILE in pieces and at its end, an lseek, a close of a bad
 * descriptor (EBADF), getppid, and a forked child that writes to /dev/null and exits 3, whose pid
 * wait4 returns. Usage: returns_mix FILE (an existing file of a few bytes) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buffer[4];
	char missing[4096];
	int status;

	(void)argc;
	snprintf(missing, sizeof missing, "%s.missing", argv[1]);
	open(missing, O_RDONLY);
	snprintf(missing, sizeof missing, "%s/below", argv[1]);
	open(missing, O_RDONLY);
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return 1;
	while (read(fd, buffer, sizeof buffer) > 0)
		;
	lseek(fd, 1, SEEK_SET);
	read(fd, buffer, sizeof buffer);
	close(fd);
	close(fd);
	getppid();
	pid_t child = fork();
	if (child == 0) {
		int null = open("/dev/null", O_WRONLY);
		write(null, "abc", 3);
		_exit(3);
	}
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 3)
		return 1;
	return 0;
}
