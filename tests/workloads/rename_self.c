/* Makes a marker block of N getppid calls, renames itself to NAME with prctl(PR_SET_NAME), then
 * makes a marker block of M, so a trace shows which comm each call was made under.
 * Usage: rename_self NAME N M */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/prctl.h>
#include "marker_block.h"

int main(int argc, char **argv)
{
	marker_block(atol(argv[2]));
	if (prctl(PR_SET_NAME, argv[1], 0, 0, 0) != 0)
		return 1;
	marker_block(atol(argv[3]));
	return 0;
}
