/* From 64-bit code, makes N i386 getpid calls (eax = 20) through int $0x80 between two native
 * sched_yield markers, and checks each returned this process's pid: 32-bit syscalls from a 64-bit
 * process. Usage: int80_getpid N */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = atol(argv[1]);
	long self = getpid();
	int wrong = 0;

	syscall(SYS_sched_yield);
	for (long i = 0; i < n; i++) {
		long ret;
		__asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory", "r8", "r9", "r10", "r11");
		wrong |= ret != self;
	}
	syscall(SYS_sched_yield);
	return wrong;
}
