/* Runs PROGRAM with its arguments in a child whose pid is PID, forced through
 * /proc/sys/kernel/ns_last_pid (retrying while other processes take the pid first), so a test can
 * put an unlisted program on the pid of a listed one that has exited. Prints the pid and exits with
 * the program's exit code, or 3 if no child got that pid.
 * Usage: exec_at_pid PID PROGRAM [ARG...] */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	pid_t target = atoi(argv[1]);

	for (int attempt = 0; attempt < 500; attempt++) {
		int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
		if (fd < 0) {
			perror("ns_last_pid");
			return 3;
		}
		dprintf(fd, "%d", (int)target - 1);
		close(fd);
		pid_t pid = fork();
		if (pid == 0) {
			if (getpid() != target)
				_exit(0);
			execv(argv[2], argv + 2);
			_exit(127);
		}
		int status;
		waitpid(pid, &status, 0);
		if (pid == target) {
			printf("%d\n", (int)pid);
			return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
		}
	}
	return 3;
}
