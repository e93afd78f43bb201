/* Runs THREADS threads at once, each making a marker block of N getppid calls; prints each
 * thread's id (gettid) on a line once all have finished.
 * Usage: threads_getppid THREADS N */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "marker_block.h"

static long calls;

static void *worker(void *tid)
{
	*(pid_t *)tid = gettid();
	marker_block(calls);
	return NULL;
}

int main(int argc, char **argv)
{
	int count = atoi(argv[1]);
	pthread_t threads[64];
	pid_t tids[64];

	calls = atol(argv[2]);
	if (count < 1 || count > 64)
		return 2;
	for (int i = 0; i < count; i++) {
		if (pthread_create(&threads[i], NULL, worker, &tids[i]) != 0)
			return 1;
	}
	for (int i = 0; i < count; i++)
		pthread_join(threads[i], NULL);
	for (int i = 0; i < count; i++)
		printf("%d\n", (int)tids[i]);
	return 0;
}
