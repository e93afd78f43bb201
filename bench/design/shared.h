/* The design's shared.h (../shared/seed design text, "Key data structures"), written from its
 * description: what the BPF program and the loader agree on. */
#ifndef DESIGN_SHARED_H
#define DESIGN_SHARED_H

#ifndef __bpf__
#include <stdint.h>
#endif

#define STRING_LEN 20
#define MAX_TRACKED_PROCESSES 2048

struct submit_info {
	int prog_index;
	long syscall_id;
	uint32_t pid;
	uint64_t timestamp_nanoseconds;
	unsigned long args[6];
	char pathname[STRING_LEN];
};

#endif
