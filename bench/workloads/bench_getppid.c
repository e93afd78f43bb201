/* bench_getppid [N]: makes N getppid syscalls in a tight loop (default 2,000,000) and prints the
 * time per syscall, measured with CLOCK_MONOTONIC around the loop (clock_gettime is a vDSO call,
 * not a syscall, so the loop holds exactly N syscalls).
 *
 * Output, one line on stdout, parsed by bench/run:
 *   pid=P n=N ns_per_syscall=X cpu_ns_per_syscall=Y cpu_us=C
 * ns_per_syscall is wall-clock time; cpu_ns_per_syscall the CPU time this thread used in the loop
 * (user + system, so the BPF program's time too), which time spent preempted by others does not
 * inflate. cpu_us is this process's whole user+system time (getrusage), so that a tracer that is
 * the parent of the workload (strace) can have the workload's time taken off its own. */
#define _GNU_SOURCE
#include <stdio.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "bench_cpu.h"

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000000;
	struct timespec start, end, cpu_start, cpu_end;
	struct rusage self;

	if (n <= 0) {
		fprintf(stderr, "usage: bench_getppid [N > 0]\n");
		return 2;
	}
	pin_to_bench_cpu();
	/* The CPU clock is read by a real syscall, so outside the wall-clock window. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_start);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &end);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_end);
	getrusage(RUSAGE_SELF, &self);
	printf("pid=%d n=%ld ns_per_syscall=%.2f cpu_ns_per_syscall=%.2f cpu_us=%lld\n", getpid(), n,
	       (double)(ns(&end) - ns(&start)) / n, (double)(ns(&cpu_end) - ns(&cpu_start)) / n,
	       self.ru_utime.tv_sec * 1000000LL + self.ru_utime.tv_usec +
		       self.ru_stime.tv_sec * 1000000LL + self.ru_stime.tv_usec);
	return 0;
}
