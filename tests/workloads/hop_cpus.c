/* Moves itself from CPU to CPU, making a run of calls on each: getppid on even rounds, getuid on odd ones,
 * each run after the sched_setaffinity that moved it, so that its calls land in one CPU's ring buffer, then
 * in another's.
 * Usage: hop_cpus ROUNDS CALLS */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 10;
	int calls = argc > 2 ? atoi(argv[2]) : 1000;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	for (int round = 0; round < rounds; round++) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(round % cpus, &set);
		sched_setaffinity(0, sizeof(set), &set);
		long number = round % 2 ? SYS_getuid : SYS_getppid;
		for (int i = 0; i < calls; i++)
			syscall(number);
	}
	return 0;
}
