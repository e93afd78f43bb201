/* Load for a soak: for SECONDS, either forks short-lived children one after another as fast as it
 * can (each _exits at once and is reaped before the next), or makes getppid calls as fast as it can.
 * Prints how many children or calls it made, so a test can tell the storm really raged.
 * Usage: storm fork|syscall SECONDS */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int forking = strcmp(argv[1], "fork") == 0;
	double end = now() + atof(argv[2]);
	long done = 0;

	while (now() < end) {
		/* The vDSO clock costs no syscall, but checking it less often keeps the storm a storm. */
		for (int i = 0; i < (forking ? 16 : 4096); i++, done++) {
			if (!forking) {
				syscall(SYS_getppid);
				continue;
			}
			pid_t pid = fork();
			if (pid < 0) {
				perror("fork");
				return 1;
			}
			if (pid == 0)
				_exit(0);
			if (waitpid(pid, NULL, 0) != pid)
				return 1;
		}
	}
	printf("%ld\n", done);
	return 0;
}
