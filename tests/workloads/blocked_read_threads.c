/* One thread blocks in a read on a pipe while the main thread makes N getppid calls, a millisecond
 * apart, and then writes the byte the read waits for; prints the reader's and the main thread's ids
 * (gettid), one a line. The read's record comes last, after the calls made while it waited.
 * Usage: blocked_read_threads N */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int pipe_fds[2];
static pid_t reader_tid;

static void *reader(void *unused)
{
	char byte;

	(void)unused;
	reader_tid = gettid();
	return read(pipe_fds[0], &byte, 1) == 1 ? NULL : (void *)1;
}

int main(int argc, char **argv)
{
	struct timespec millisecond = { 0, 1000000 };
	long calls = argc > 1 ? atol(argv[1]) : 200;
	pthread_t thread;
	void *failed;

	if (pipe(pipe_fds) != 0 || pthread_create(&thread, NULL, reader, NULL) != 0)
		return 1;
	// Long enough for the reader to be inside its read.
	nanosleep(&(struct timespec){ 0, 20000000 }, NULL);
	for (long i = 0; i < calls; i++) {
		syscall(SYS_getppid);
		nanosleep(&millisecond, NULL);
	}
	if (write(pipe_fds[1], "x", 1) != 1 || pthread_join(thread, &failed) != 0 || failed)
		return 1;
	printf("%d\n%d\n", (int)reader_tid, (int)gettid());
	return 0;
}
