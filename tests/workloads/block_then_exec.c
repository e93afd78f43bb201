/* Makes a marker block of N getppid calls, then execs PROGRAM with its arguments if one is given:
 * one link of an exec chain whose links a trace tells apart by their N.
 * Usage: block_then_exec N [PROGRAM ARG...] */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "marker_block.h"

int main(int argc, char **argv)
{
	marker_block(atol(argv[1]));
	if (argc > 2) {
		execv(argv[2], argv + 2);
		perror(argv[2]);
		return 127;
	}
	return 0;
}
