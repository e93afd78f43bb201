/* Runs THREADS threads, thread i pinned to CPU i modulo the CPUs there are, which start together and
 * each make N getppid calls, so that calls are made on every CPU at the same moments.
 * Usage: pinned_threads_getppid THREADS N */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t start;
static long calls;

static void *worker(void *cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET((int)(long)cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		return (void *)1;
	pthread_barrier_wait(&start);
	for (long i = 0; i < calls; i++)
		syscall(SYS_getppid);
	return NULL;
}

int main(int argc, char **argv)
{
	int count = atoi(argv[1]);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t threads[64];
	void *failed;
	int status = 0;

	calls = atol(argv[2]);
	if (count < 1 || count > 64 || cpus < 1 || pthread_barrier_init(&start, NULL, count) != 0)
		return 2;
	for (long i = 0; i < count; i++) {
		if (pthread_create(&threads[i], NULL, worker, (void *)(i % cpus)) != 0)
			return 1;
	}
	for (int i = 0; i < count; i++) {
		pthread_join(threads[i], &failed);
		status |= failed != NULL;
	}
	return status;
}
