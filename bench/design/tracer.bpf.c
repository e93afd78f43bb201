// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The design baseline: the BPF program as the design describes it, used by bench/run only as the
 * baseline to beat. tp/raw_syscalls/sys_enter; on execve/execveat the basename of the exec'd path
 * is compared with every entry of the `progs` array in turn and the answer (index, or -1) is
 * cached under the pid in `pid_relevancy_cache`; every other syscall looks its pid up there and,
 * if relevant, sends a struct submit_info through the ring buffer with default wakeups.
 *
 * Choices the design leaves open, made here:
 *  - "pid" is the thread group id (what ps calls the pid), from bpf_get_current_pid_tgid() >> 32;
 *  - the scan stops at the first empty entry (the loader fills the array from index 0), so it
 *    costs one comparison per listed name, not 2048;
 *  - every execve/execveat re-evaluates the pid (a process that execs something else is re-judged),
 *    and the execve itself is recorded when the new program is relevant;
 *  - the exec'd path is read up to 256 bytes, the basename compared on its first 19 bytes;
 *  - pid_relevancy_cache holds 32768 pids (the design gives no size; entries are never removed);
 *  - the ring buffer is 16 MiB, sysrec's default, so only the other differences are compared.
 * Bench instrumentation, not in the design: a per-CPU count of records that found the ring
 * buffer full, so the loader can report drops. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "shared.h"

#if defined(__TARGET_ARCH_arm64)
#define NR_EXECVE 221
#define NR_EXECVEAT 281
#else
#define NR_EXECVE 59
#define NR_EXECVEAT 322
#endif

#define PATH_READ_LEN 256

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set by the loader when it is given '*'. */
const volatile int do_trace_all = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_TRACKED_PROCESSES);
	__type(key, uint32_t);
	__type(value, char[STRING_LEN]);
} progs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32768);
	__type(key, uint32_t);
	__type(value, int);
} pid_relevancy_cache SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} ring_buff SEC(".maps");

/* Bench instrumentation: records lost to a full ring buffer. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, uint32_t);
	__type(value, uint64_t);
} dropped SEC(".maps");

/* The fields of raw_syscalls:sys_enter after the common tracepoint header. */
struct parsed_ctx {
	uint64_t unused;
	long id;
	unsigned long args[6];
};

struct scan {
	char path[PATH_READ_LEN];
	char name[STRING_LEN];
	uint32_t len;
	uint32_t start;
	int found;
};

/* One step of the search for the last '/' of the path. */
static long note_separator(uint32_t i, void *ctx)
{
	struct scan *s = ctx;

	if (s->path[i & (PATH_READ_LEN - 1)] == '/')
		s->start = i + 1;
	return 0;
}

/* One step of the linear scan over `progs`: stop at a match or at the first empty entry. */
static long compare_entry(uint32_t i, void *ctx)
{
	struct scan *s = ctx;
	uint32_t key = i;
	char *entry = bpf_map_lookup_elem(&progs, &key);

	if (!entry || entry[0] == '\0')
		return 1;
	for (int j = 0; j < STRING_LEN; j++) {
		if (entry[j] != s->name[j])
			return 0;
		if (entry[j] == '\0')
			break;
	}
	s->found = i;
	return 1;
}

/* The index in `progs` of the basename of the exec'd path, or -1. */
static int relevant_index(const char *user_path)
{
	struct scan s;
	long len;

	__builtin_memset(&s, 0, sizeof(s));
	s.found = -1;
	len = bpf_probe_read_user_str(s.path, sizeof(s.path), user_path);
	if (len <= 0)
		return -1;
	bpf_loop(len, note_separator, &s, 0);
	for (int j = 0; j < STRING_LEN - 1; j++) {
		char c = s.path[(s.start + j) & (PATH_READ_LEN - 1)];

		if (s.start + j >= PATH_READ_LEN || c == '\0')
			break;
		s.name[j] = c;
	}
	bpf_loop(MAX_TRACKED_PROCESSES, compare_entry, &s, 0);
	return s.found;
}

static void submit(struct parsed_ctx *c, uint32_t pid, int prog_index)
{
	struct submit_info *info = bpf_ringbuf_reserve(&ring_buff, sizeof(*info), 0);

	if (!info) {
		uint32_t zero = 0;
		uint64_t *count = bpf_map_lookup_elem(&dropped, &zero);

		if (count)
			(*count)++;
		return;
	}
	info->prog_index = prog_index;
	info->syscall_id = c->id;
	info->pid = pid;
	info->timestamp_nanoseconds = bpf_ktime_get_ns();
	for (int i = 0; i < 6; i++)
		info->args[i] = c->args[i];
	bpf_get_current_comm(info->pathname, sizeof(info->pathname));
	bpf_ringbuf_submit(info, 0);
}

static int is_current_process_relevant(uint32_t pid)
{
	int *index = bpf_map_lookup_elem(&pid_relevancy_cache, &pid);

	return index ? *index : -1;
}

SEC("tp/raw_syscalls/sys_enter")
int proccess_sys_enter(struct parsed_ctx *c)
{
	uint32_t pid = bpf_get_current_pid_tgid() >> 32;
	long id = c->id;
	int index;

	if (id == NR_EXECVE || id == NR_EXECVEAT) {
		unsigned long filename = c->args[0], pathname = c->args[1];

		/* Both loaded at fixed offsets: the verifier refuses a context access at a computed one. */
		asm volatile("" : "+r"(filename), "+r"(pathname));
		index = relevant_index((const char *)(id == NR_EXECVE ? filename : pathname));
		bpf_map_update_elem(&pid_relevancy_cache, &pid, &index, BPF_ANY);
		if (index < 0 && !do_trace_all)
			return 0;
		submit(c, pid, index);
		return 0;
	}
	if (do_trace_all) {
		submit(c, pid, is_current_process_relevant(pid));
		return 0;
	}
	index = is_current_process_relevant(pid);
	if (index == -1)
		return 0;
	submit(c, pid, index);
	return 0;
}
