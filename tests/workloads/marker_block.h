/* The block every workload marks its known calls with: a sched_yield, exactly n getppid, a
 * sched_yield. A test finds a block in a trace by its two markers and tells blocks apart by n. */
#ifndef MARKER_BLOCK_H
#define MARKER_BLOCK_H
#include <sys/syscall.h>
#include <unistd.h>

static inline void marker_block(long n)
{
	syscall(SYS_sched_yield);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	syscall(SYS_sched_yield);
}
#endif
