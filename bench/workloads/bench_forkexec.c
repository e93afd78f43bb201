/* bench_forkexec [N]: N times fork, exec /bin/true in the child, wait for it in the parent
 * (default 2,000), and print the time per fork+exec+wait.
 *
 * Output, one line on stdout, parsed by bench/run:
 *   pid=P n=N us_per_forkexec=X cpu_us=C
 * cpu_us: user+system time of this process and of the children it waited for (getrusage). */
#define _GNU_SOURCE
#include <stdio.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench_cpu.h"

static long long usec(const struct timeval *t)
{
	return t->tv_sec * 1000000LL + t->tv_usec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000;
	struct timespec start, end;
	struct rusage self, children;
	char *const child_argv[] = { "true", NULL };

	if (n <= 0) {
		fprintf(stderr, "usage: bench_forkexec [N > 0]\n");
		return 2;
	}
	pin_to_bench_cpu();
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (long i = 0; i < n; i++) {
		int status;
		pid_t child = fork();

		if (child < 0) {
			perror("bench_forkexec: fork");
			return 1;
		}
		if (child == 0) {
			execv("/bin/true", child_argv);
			_exit(127);
		}
		if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "bench_forkexec: /bin/true failed\n");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	printf("pid=%d n=%ld us_per_forkexec=%.2f cpu_us=%lld\n", getpid(), n,
	       ((end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec)) / 1e3 / n,
	       usec(&self.ru_utime) + usec(&self.ru_stime) + usec(&children.ru_utime) + usec(&children.ru_stime));
	return 0;
}
