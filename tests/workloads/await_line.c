/* Starts, prints "ready" and waits for a line on stdin, so a test can start the recorder while it
 * runs; then makes a marker block of N getppid calls. If PROGRAM is given it then forks a child that
 * execs PROGRAM with its arguments, prints the child's pid and waits for it. Ends with _exit, so
 * its last syscall is exit_group. Exits 0 if the child (if any) exited 0.
 * Usage: await_line N [PROGRAM ARG...] */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "marker_block.h"

int main(int argc, char **argv)
{
	char c;
	int status = 0;

	printf("ready\n");
	fflush(stdout);
	while (read(0, &c, 1) == 1 && c != '\n')
		;
	marker_block(atol(argv[1]));
	if (argc > 2) {
		pid_t pid = fork();
		if (pid == 0) {
			execv(argv[2], argv + 2);
			_exit(127);
		}
		printf("%d\n", (int)pid);
		fflush(stdout);
		if (waitpid(pid, &status, 0) < 0)
			_exit(1);
	}
	_exit(WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1);
}
