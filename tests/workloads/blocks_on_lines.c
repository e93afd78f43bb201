/* Prints "ready", then for each N given waits for a line on stdin, makes a marker block of N getppid
 * calls and prints "done", so that a test can move it between cgroups from one block to the next.
 * Ends with _exit, so its last syscall is exit_group. Usage: blocks_on_lines N... */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "marker_block.h"

int main(int argc, char **argv)
{
	char c;

	printf("ready\n");
	fflush(stdout);
	for (int i = 1; i < argc; i++) {
		while (read(0, &c, 1) == 1 && c != '\n')
			;
		marker_block(atol(argv[i]));
		printf("done\n");
		fflush(stdout);
	}
	_exit(0);
}
