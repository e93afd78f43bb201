/* Forks N children one at a time, each of which _exits at once, and reaps each before the next:
 * many short-lived traced tasks, to show the tracer's state does not grow with them.
 * Usage: fork_many N */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = atol(argv[1]);

	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, NULL, 0) != pid)
			return 1;
	}
	return 0;
}
