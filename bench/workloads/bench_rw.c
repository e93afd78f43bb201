/* bench_rw [N]: N rounds of write(/dev/null, 4 KiB) and read(/dev/zero, 4 KiB), 2N syscalls that move
 * a buffer each, for what capturing buffers costs (--decode -s 32 reads 32 bytes of each). Prints the
 * time per syscall as bench_getppid does:
 *   pid=P n=2N ns_per_syscall=X cpu_ns_per_syscall=Y cpu_us=C */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "bench_cpu.h"

#define BUFFER 4096

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) / 2 : 1000000;
	static char buffer[BUFFER];
	struct timespec start, end, cpu_start, cpu_end;
	struct rusage self;
	int sink = open("/dev/null", O_WRONLY);
	int source = open("/dev/zero", O_RDONLY);

	if (n <= 0 || sink < 0 || source < 0) {
		fprintf(stderr, "usage: bench_rw [N >= 2] (needs /dev/null and /dev/zero)\n");
		return 2;
	}
	pin_to_bench_cpu();
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_start);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (long i = 0; i < n; i++) {
		if (write(sink, buffer, BUFFER) != BUFFER || read(source, buffer, BUFFER) != BUFFER) {
			perror("bench_rw");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_end);
	getrusage(RUSAGE_SELF, &self);
	printf("pid=%d n=%ld ns_per_syscall=%.2f cpu_ns_per_syscall=%.2f cpu_us=%lld\n", getpid(), 2 * n,
	       (double)(ns(&end) - ns(&start)) / (2 * n), (double)(ns(&cpu_end) - ns(&cpu_start)) / (2 * n),
	       self.ru_utime.tv_sec * 1000000LL + self.ru_utime.tv_usec +
		       self.ru_stime.tv_sec * 1000000LL + self.ru_stime.tv_usec);
	return 0;
}
