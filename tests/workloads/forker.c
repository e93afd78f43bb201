/* Forks K children one after another; each makes a marker block of N getppid calls, then execs
 * PROGRAM with its arguments if one is given, or _exits at once. Prints each child's pid on a line
 * and exits 0 once all have exited 0.
 * Usage: forker K N [PROGRAM ARG...] */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "marker_block.h"

int main(int argc, char **argv)
{
	int children = atoi(argv[1]);
	long n = atol(argv[2]);
	int failed = 0;

	for (int i = 0; i < children; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			marker_block(n);
			if (argc > 3) {
				execv(argv[3], argv + 3);
				_exit(127);
			}
			_exit(0);
		}
		printf("%d\n", (int)pid);
	}
	for (int i = 0; i < children; i++) {
		int status;
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed = 1;
	}
	return failed;
}
