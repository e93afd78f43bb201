/* Renames itself with prctl(PR_SET_NAME) to the bytes HEX spells, two hex digits a byte, so a test
 * can hand over newlines, backslashes and bytes that are not UTF-8, which argv as a .NET string cannot
 * carry; then makes a marker block of N getppid calls under that name.
 * Usage: rename_hex HEX N */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include "marker_block.h"

int main(int argc, char **argv)
{
	char name[64] = { 0 };
	size_t digits = strlen(argv[1]);

	if (digits % 2 != 0 || digits / 2 >= sizeof(name))
		return 2;
	for (size_t i = 0; i < digits / 2; i++) {
		char byte[3] = { argv[1][2 * i], argv[1][2 * i + 1], 0 };
		name[i] = (char)strtoul(byte, NULL, 16);
	}
	if (prctl(PR_SET_NAME, name, 0, 0, 0) != 0)
		return 1;
	marker_block(atol(argv[2]));
	return 0;
}
