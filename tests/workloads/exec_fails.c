/* Tries to exec PATH, which must fail with errno ERRNO, then makes a marker block of N getppid
 * calls, so a failed exec of a listed name can be seen to mark nothing.
 * Exits 0 if the exec failed as expected, 1 if it failed otherwise (it cannot succeed and return).
 * Usage: exec_fails PATH ERRNO N */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "marker_block.h"

int main(int argc, char **argv)
{
	char *args[] = { argv[1], NULL };

	execv(argv[1], args);
	int failure = errno;
	marker_block(atol(argv[3]));
	if (failure != atoi(argv[2])) {
		fprintf(stderr, "exec %s failed with %s, not errno %s\n", argv[1], strerror(failure), argv[2]);
		return 1;
	}
	return 0;
}
