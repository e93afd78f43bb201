/* Calls getppid, then writes "ok" to stdout, and exits with a code that says which call failed and how:
 * 3 when getppid failed with EPERM, 4 when write did, 5 for any other failure. Under a seccomp
 * profile the code shows the filter stopped exactly the call it denies. Usage: getppid_write */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	if (syscall(SYS_getppid) < 0)
		return errno == EPERM ? 3 : 5;
	if (write(STDOUT_FILENO, "ok\n", 3) != 3)
		return errno == EPERM ? 4 : 5;
	return 0;
}
