/* Makes RATE getppid calls a second for SECONDS, each followed by a clock_nanosleep to an absolute
 * deadline, so a late wakeup is made up at the next and the rate holds on a busy machine.
 * Usage: paced_getppid RATE SECONDS */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long rate = atol(argv[1]);
	long calls = rate * atol(argv[2]);
	struct timespec next;

	(void)argc;
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (long i = 0; i < calls; i++) {
		syscall(SYS_getppid);
		next.tv_nsec += 1000000000L / rate;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_sec++;
			next.tv_nsec -= 1000000000L;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	return 0;
}
