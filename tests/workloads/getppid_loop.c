/* Makes exactly N getppid calls between two sched_yield markers, so a test can find them in a
 * trace and count them. Usage: getppid_loop N */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;

	syscall(SYS_sched_yield);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	syscall(SYS_sched_yield);
	return 0;
}
