/* What both benchmark workloads do before their measured part. */
#ifndef BENCH_CPU_H
#define BENCH_CPU_H
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

/* BENCH_CPU=K pins this process (and so its children) to CPU K before the measured part, so that
 * a run does not depend on where the scheduler happens to put it or on waking another, idle CPU. */
static void pin_to_bench_cpu(void)
{
	const char *cpu = getenv("BENCH_CPU");
	cpu_set_t set;

	if (!cpu || !*cpu)
		return;
	CPU_ZERO(&set);
	CPU_SET(atoi(cpu), &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		perror("sched_setaffinity");
}

#endif
