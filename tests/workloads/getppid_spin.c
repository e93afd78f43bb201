/* Prints "ready" and calls getppid without a pause until it reads a line on stdin, so a test can move
 * it between cgroups while it runs on a CPU without giving it up. Usage: getppid_spin */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	char c;

	fcntl(0, F_SETFL, O_NONBLOCK);
	printf("ready\n");
	fflush(stdout);
	while (read(0, &c, 1) != 1)
		syscall(SYS_getppid);
	_exit(0);
}
