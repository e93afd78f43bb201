// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "sysrec.h"

/* libbpf 1.1 names only five syscall arguments. */
#ifndef PT_REGS_PARM6_SYSCALL
#if defined(__TARGET_ARCH_x86)
#define PT_REGS_PARM6_SYSCALL(x) ((x)->r9)
#elif defined(__TARGET_ARCH_arm64)
#define PT_REGS_PARM6_SYSCALL(x) ((x)->regs[5])
#endif
#endif

/* arch/x86/include/asm/thread_info.h: set in thread_info.status while an ia32 syscall runs.
 * A macro, so not in BTF. */
#define X86_TS_COMPAT 0x0002

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* The only .rodata variable, so the loader can set it as the section's whole value. */
const volatile struct sysrec_config settings = {};

/* ---------------------------------------------------------------- fallbacks
 * Where a kernel lacks something the program uses, the loader chooses a fallback (sysrec_config's last
 * fields), tested by forcing it on a kernel that has everything. Each is a setting the verifier knows
 * for a constant and prunes the branch not taken. The loads of the settings stay, though, and so does
 * the pruned code in the object: each body takes the path it is compiled for. */

/* The newest kernel's way, reading no fallback setting: the syscall programs of the default path. */
#define DEFAULT_PATH 0
/* As the settings say: the other tp_btf programs. */
#define BY_SETTINGS 1
/* Every fallback, compiled in: the raw_tp programs, for kernels that may lack all the rest. */
#define COMPAT 2

static __always_inline bool core_reads(int path)
{
	return path == COMPAT || (path == BY_SETTINGS && settings.core_reads);
}

static __always_inline bool tid_tables(int path)
{
	return path == COMPAT || (path == BY_SETTINGS && settings.tid_tables);
}

/* A field of a task or of a tracepoint's argument: read in place where the verifier knows the pointer's
 * type (tp_btf, bpf_get_current_task_btf), else by a CO-RE probe read. */
#define FIELD(path, ptr, field) (core_reads(path) ? BPF_CORE_READ(ptr, field) : (ptr)->field)

static __always_inline struct task_struct *current_task(int path)
{
	return core_reads(path) ? (struct task_struct *)bpf_get_current_task() : bpf_get_current_task_btf();
}

/* A macro, so that the copy in place knows the record's alignment, and copies words rather than bytes. */
#define READ_COMM(path, dst, task)                                      \
	do {                                                                 \
		if (core_reads(path))                                   \
			bpf_core_read(dst, SYSREC_COMM_LEN, &(task)->comm);  \
		else                                                         \
			__builtin_memcpy(dst, (task)->comm, SYSREC_COMM_LEN); \
	} while (0)

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sysrec_stats);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SYSREC_MAX_NAMES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, char[SYSREC_NAME_LEN]);
	__type(value, __u32);
} progs SEC(".maps");

/* The relevance cache: present on a task that is traced. Task storage rather than a
 * pid-keyed hash, so it dies with the task (no stale entry for a reused pid) and
 * costs no hash lookup on the syscall path. */
struct relevance {
	__s32 prog_index;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct relevance);
} relevance_cache SEC(".maps");

/* With tid_tables, the state task storage keeps in a hash keyed by thread id instead: sized for
 * SYSREC_MAX_TABLE_THREADS, emptied at sched_process_exit, and each entry holding its task's start time,
 * so that one a dead thread left is never taken for the thread that gets its id next. */
#define TID_TABLE(name, entry_type)                                   \
	struct {                                                      \
		__uint(type, BPF_MAP_TYPE_HASH);                      \
		__uint(max_entries, SYSREC_MAX_TABLE_THREADS);        \
		__uint(map_flags, BPF_F_NO_PREALLOC);                 \
		__type(key, __u32);                                   \
		__type(value, entry_type);                            \
	} name SEC(".maps")

struct relevance_entry {
	__u64 started;
	struct relevance value;
};

TID_TABLE(relevance_by_tid, struct relevance_entry);

/* One bit per thread id, set while the thread is traced: the first test on every syscall of every
 * process, and an inlined array read, where even a task storage miss costs a helper call. The task
 * storage stays the truth: a bit left set by a race only costs that lookup. Mappable, so the loader
 * sets bits with atomic instructions too. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSREC_MAX_TID / 64);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u64);
} traced_tids SEC(".maps");

/* Bumped after every change of which threads are traced (the BPF hooks atomically, the loader through
 * its mapping after it marks running threads), so a cached verdict from before it is known stale. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u64);
} mark_epoch SEC(".maps");

/* The verdict on the thread that last made a syscall on this CPU. On this machine's CPUs every helper
 * call returns through the kernel's return thunk (an SRSO mitigation), which makes each one cost about
 * as much as the rest of the program: a thread that goes on making syscalls on the same CPU, traced or
 * not, is judged with no helper call at all. The thread is known by the address of its saved registers,
 * the top of its kernel stack, which no other live thread shares; a stack reused by a new thread after
 * an exit is told apart by the epoch, since a new thread is traced only through mark(). */
struct verdict {
	__u64 thread;
	__u64 epoch;
	__s32 prog_index;
	__u32 traced;
	__u64 run_key;                /* without capture_time, the order key of the run's records (see records) */
	__u64 migrations;             /* the thread's count of moves between CPUs as its run's key was taken */
	__u64 css_set;                /* with cgroup_count, the thread's css_set as it was judged */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct verdict);
} verdicts SEC(".maps");

/* With capture_exit, a syscall's record waits here from its entry to its return. */
struct pending_call {
	struct syscall_record rec;
	__u8 valid;
	__u8 has_paths;               /* its paths wait in pending_paths */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct pending_call);
} pending_calls SEC(".maps");

struct pending_call_entry {
	__u64 started;
	struct pending_call value;
};

TID_TABLE(pending_calls_by_tid, struct pending_call_entry);

/* 1 in slot abi * SYSREC_FILTER_NUMBERS + nr for each syscall to record, when filtering. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSREC_FILTER_SLOTS);
	__type(key, __u32);
	__type(value, __u8);
} syscall_filter SEC(".maps");

/* With capture_paths: bit i set in slot abi * SYSREC_FILTER_NUMBERS + nr when argument i of that
 * syscall is a path. Filled by the loader from the syscall names, so no number is typed here. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSREC_FILTER_SLOTS);
	__type(key, __u32);
	__type(value, __u8);
} path_arg_positions SEC(".maps");

/* With capture_exit and capture_paths: the paths of the pending call, when it has any. Apart from
 * pending_calls, so a recording without paths keeps that entry small. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct path_args);
} pending_paths SEC(".maps");

struct pending_paths_entry {
	__u64 started;
	struct path_args value;
};

TID_TABLE(pending_paths_by_tid, struct pending_paths_entry);

/* What a new tid table entry is inserted as, before its start time is set: the largest entry's bytes. */
union tid_entry_seed {
	struct relevance_entry relevance;
	struct pending_call_entry call;
	struct pending_paths_entry paths;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, union tid_entry_seed);
} tid_entry_seeds SEC(".maps");

/* One ring buffer per CPU, so that no two CPUs share a ring's lock, its producer position or the
 * cache lines of its records: two processes recorded at once on two CPUs paid 2.5x what one pays when
 * they shared one. The loader creates the rings (Kernel/RingBuffers) and puts CPU i's at index i.
 * The reader merges them by the first 8 bytes of every record: the time of the call, or without
 * capture_time its run key, the time its thread's run of syscalls on that CPU began (struct verdict).
 * A thread's records on a CPU come after all it wrote on the CPU it ran on before, and carry a key no
 * smaller, so the merge keeps every thread's order without a clock read per record. */
struct ring {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, SYSREC_DEFAULT_RING_BYTES);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct ring);
} records SEC(".maps");

static __always_inline void *ring_of_this_cpu(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&records, &cpu);
}

/* Emit the shared structs into the object's BTF, where bpftool and the layout test read them. */
const struct syscall_record *record_layout __attribute__((unused));
const struct path_record *path_record_layout __attribute__((unused));

struct exec_scratch {
	char path[SYSREC_PATH_LEN];
	char name[SYSREC_NAME_LEN];
};

/* Too big for the 512-byte BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct exec_scratch);
} scratch SEC(".maps");

static struct sysrec_stats *my_stats(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&stats, &zero);
}

/* A task's start time in clock ticks: what tells two threads of the same id apart, as the loader reads
 * it from /proc too. A tick is far shorter than the time to go through every thread id. */
static __always_inline __u64 started(struct task_struct *task, int path)
{
	return FIELD(path, task, start_boottime) / SYSREC_START_TICK_NS;
}

/* The task's value in a tid table (after the start time), or NULL; with create, a new one for a task that
 * has none or finds one a dead thread of its id left. */
static __always_inline void *tid_entry(void *table, struct task_struct *task, bool create, int path)
{
	__u32 tid = FIELD(path, task, pid);
	__u64 start = started(task, path);
	__u64 *entry = bpf_map_lookup_elem(table, &tid);
	__u32 zero = 0;
	void *seed;

	if (entry && *entry == start)
		return entry + 1;
	if (!create)
		return NULL;
	if (!entry) {
		seed = bpf_map_lookup_elem(&tid_entry_seeds, &zero);
		if (!seed || bpf_map_update_elem(table, &tid, seed, BPF_NOEXIST))
			return NULL;
		entry = bpf_map_lookup_elem(table, &tid);
		if (!entry)
			return NULL;
	}
	*entry = start;
	return entry + 1;
}

/* Removes the task's entry from a tid table; whether it had one. */
static __always_inline bool tid_entry_delete(void *table, struct task_struct *task, int path)
{
	__u32 tid = FIELD(path, task, pid);
	bool had = tid_entry(table, task, false, path) != NULL;

	bpf_map_delete_elem(table, &tid);
	return had;
}

static __always_inline struct relevance *relevance_of(struct task_struct *task, bool create, int path)
{
	if (tid_tables(path))
		return tid_entry(&relevance_by_tid, task, create, path);
	return bpf_task_storage_get(&relevance_cache, task, 0, create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

static __always_inline bool relevance_delete(struct task_struct *task, int path)
{
	if (tid_tables(path))
		return tid_entry_delete(&relevance_by_tid, task, path);
	return bpf_task_storage_delete(&relevance_cache, task) == 0;
}

static __always_inline struct pending_call *pending_call_of(struct task_struct *task, bool create, int path)
{
	if (tid_tables(path))
		return tid_entry(&pending_calls_by_tid, task, create, path);
	return bpf_task_storage_get(&pending_calls, task, 0, create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

static __always_inline struct path_args *pending_paths_of(struct task_struct *task, bool create, int path)
{
	if (tid_tables(path))
		return tid_entry(&pending_paths_by_tid, task, create, path);
	return bpf_task_storage_get(&pending_paths, task, 0, create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

static __u64 *tid_word(__u32 tid)
{
	__u32 word = tid / 64;

	return bpf_map_lookup_elem(&traced_tids, &word);
}

static bool tid_traced(__u32 tid)
{
	__u64 *bits = tid_word(tid);

	return bits && (*bits & (1ULL << (tid & 63)));
}

static __u64 *epoch(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&mark_epoch, &zero);
}

/* After the change it announces: a verdict made meanwhile read the epoch before the state it judged. */
static void announce_change(void)
{
	__u64 *current_epoch = epoch();

	if (current_epoch)
		__sync_fetch_and_add(current_epoch, 1);
}

/* Atomic or and and came in 5.12: before, only atomic add, which sets a bit that is clear as or does and
 * clears one that is set as and does. A thread's bit changes only at its own exec, fork and exit, one at
 * a time, so it is clear or set as read here; the other bits of the word may change meanwhile. */
static __always_inline void set_tid_bit(__u64 *bits, __u64 bit, int path)
{
	if (path != COMPAT)
		__sync_fetch_and_or(bits, bit);
	else if (!(*bits & bit))
		__sync_fetch_and_add(bits, bit);
}

static __always_inline void clear_tid_bit(__u64 *bits, __u64 bit, int path)
{
	if (path != COMPAT)
		__sync_fetch_and_and(bits, ~bit);
	else if (*bits & bit)
		__sync_fetch_and_add(bits, -bit);
}

static __always_inline void mark(struct task_struct *task, __s32 prog_index, int path)
{
	struct relevance *relevant = relevance_of(task, false, path);
	__u32 tid = FIELD(path, task, pid);
	__u64 *bits = tid_word(tid);
	struct sysrec_stats *counters;

	if (bits)
		set_tid_bit(bits, 1ULL << (tid & 63), path);
	if (!relevant) {
		relevant = relevance_of(task, true, path);
		counters = my_stats();
		if (counters)
			__sync_fetch_and_add(relevant ? &counters->tasks_marked : &counters->tasks_untraced, 1);
		if (!relevant)
			return;
	}
	relevant->prog_index = prog_index;
	announce_change();
}

static __always_inline void release(struct task_struct *task, int path)
{
	__u32 tid = FIELD(path, task, pid);
	__u64 *bits = tid_word(tid);
	struct sysrec_stats *counters;

	if (bits)
		clear_tid_bit(bits, 1ULL << (tid & 63), path);
	if (!relevance_delete(task, path))
		return;
	announce_change();
	counters = my_stats();
	if (counters)
		__sync_fetch_and_add(&counters->tasks_released, 1);
}

struct basename_search {
	const char *path;
	__u32 start;
};

static long note_separator(__u32 i, void *ctx)
{
	struct basename_search *search = ctx;

	if (search->path[i & (SYSREC_PATH_LEN - 1)] == '/')
		search->start = i + 1;
	return 0;
}

/* Where the basename starts in the path of len bytes in s->path. A program for kernels before callbacks
 * (compat) must not even name one. */
static __always_inline __u32 basename_start(struct exec_scratch *s, long len, int path)
{
	struct basename_search search;
	__u64 start = 0;

	if (path == COMPAT || settings.bounded_loop) {
		/* The verifier walks a bounded loop turn by turn and keeps every branch it has yet to walk, at most
		 * 8192: the bytes are looked at without a branch, in blocks of 64 that the end of the path stops. */
		for (__u32 block = 0; block < SYSREC_PATH_LEN / 64; block++) {
			if (block * 64 >= len)
				break;
#pragma clang loop unroll(disable)
			for (__u32 j = 0; j < 64; j++) {
				__u32 i = block * 64 + j;
				__u64 differs = (__u8)s->path[i] ^ '/';
				/* The top bit is set while i is inside the path; in differs - 1, where the byte is a '/'. */
				__u64 inside = (__u64)i - (__u64)len;
				__u64 slash;

				barrier_var(differs);
				slash = ((differs - 1) & inside) >> 63;
				barrier_var(slash);
				start += (i + 1 - start) & -slash;
			}
		}
		return start;
	}
	search.path = s->path;
	search.start = 0;
	bpf_loop(len, note_separator, &search, 0);
	return search.start;
}

/* The list entry for the basename of the path an exec named, or NULL. */
static __always_inline __u32 *listed_index(struct linux_binprm *bprm, int path)
{
	__u32 zero = 0;
	struct exec_scratch *s = bpf_map_lookup_elem(&scratch, &zero);
	__u32 start;
	long len;

	if (!s)
		return NULL;
	len = bpf_probe_read_kernel_str(s->path, sizeof(s->path), FIELD(path, bprm, filename));
	if (len <= 0)
		return NULL;
	start = basename_start(s, len, path);

	__builtin_memset(s->name, 0, sizeof(s->name));
	bpf_probe_read_kernel_str(s->name, sizeof(s->name), s->path + (start & (SYSREC_PATH_LEN - 1)));
	return bpf_map_lookup_elem(&progs, s->name);
}

/* A record lost (no room in the ring buffer, or no storage to hold a call until it returns): sysrec
 * reports the count, so that a trace with gaps never passes for a whole one. */
static void count_drop(void)
{
	struct sysrec_stats *counters = my_stats();

	if (counters)
		__sync_fetch_and_add(&counters->dropped, 1);
}

static void submit(void *rec, __u64 size)
{
	/* Waking the reader for every record costs more than recording it (an interrupt, in a VM an
	 * exit); it is woken once per wakeup_bytes of records, by the one that straddles a multiple of
	 * wakeup_bytes in the ring, and otherwise finds records on its next timed poll. The ring's size and
	 * wakeup_bytes are powers of two, so the record's address alone tells: no helper call, and no read of
	 * the reader's position, a cache line the reader's CPU keeps writing. The address is taken relative
	 * to a fixed one, which only shifts where the multiples fall. */
	__u64 start = (__u64)rec - BPF_RINGBUF_HDR_SZ - (__u64)&settings;
	__u64 into = start & (settings.wakeup_bytes - 1);
	bool crossing = into == 0 || into + ((BPF_RINGBUF_HDR_SZ + size + 7) & ~7ULL) > settings.wakeup_bytes;

	bpf_ringbuf_submit(rec, crossing ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
}

/* Marks or releases a task that exec'd; true if it is traced from now on. */
static __always_inline bool traced_after_exec(struct task_struct *task, struct linux_binprm *bprm, int path)
{
	__u32 *index;

	if (settings.trace_launched && BPF_CORE_READ(task, real_parent, tgid) == settings.self_tgid) {
		mark(task, SYSREC_NO_PROG, path);
		return true;
	}
	index = listed_index(bprm, path);
	if (index) {
		mark(task, *index, path);
		return true;
	}
	if (!settings.follow) {
		release(task, path);
		return false;
	}
	return relevance_of(task, false, path) != NULL;
}

/* Room for a record in the ring buffer, or NULL, counted as a drop. */
static __always_inline void *reserve(__u64 size)
{
	void *ring = ring_of_this_cpu();
	void *rec = ring ? bpf_ringbuf_reserve(ring, size, 0) : NULL;

	if (!rec)
		count_drop();
	return rec;
}

/* Reads the string at ptr (user memory, or the kernel's) into arg, cut to its size. */
static __always_inline void read_path(struct path_arg *arg, const void *ptr, bool user)
{
	long len = user ? bpf_probe_read_user_str(arg->str, sizeof(arg->str), ptr)
			: bpf_probe_read_kernel_str(arg->str, sizeof(arg->str), ptr);
	const void *after = (const char *)ptr + sizeof(arg->str) - 1;
	char next = 0;

	if (len <= 0) {
		arg->len = SYSREC_PATH_UNREADABLE;
		arg->truncated = 0;
		return;
	}
	arg->len = len - 1;
	/* A full buffer holds the whole string or only its start: the byte after it tells which. */
	if (len == sizeof(arg->str))
		user ? bpf_probe_read_user(&next, 1, after) : bpf_probe_read_kernel(&next, 1, after);
	arg->truncated = next != 0;
}

/* Who made the call and where it ran, read through the task the program holds: a helper call for each
 * (bpf_get_current_uid_gid, bpf_get_current_cgroup_id) costs more than these loads. */
static __always_inline void fill_identity(struct task_struct *task, __u32 *uid, __u32 *gid, __u64 *cgroup_id, int path)
{
	const struct cred *cred;

	if (core_reads(path)) {
		*uid = BPF_CORE_READ(task, cred, uid.val);
		*gid = BPF_CORE_READ(task, cred, gid.val);
		*cgroup_id = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn, id);
		return;
	}
	cred = task->cred;
	*uid = cred->uid.val;
	*gid = cred->gid.val;
	*cgroup_id = task->cgroups->dfl_cgrp->kn->id;
}

/* An exec that leaves a task traced, with the file it exec'd as given to exec. */
static __always_inline void record_exec(struct task_struct *task, struct linux_binprm *bprm, int path)
{
	struct path_record *rec = reserve(sizeof(*rec));

	if (!rec)
		return;
	rec->call.timestamp_ns = bpf_ktime_get_ns();
	rec->call.syscall_id = SYSREC_EXEC_EVENT;
	rec->call.pid = FIELD(path, task, tgid);
	rec->call.tid = FIELD(path, task, pid);
	rec->call.prog_index = SYSREC_NO_PROG;
	rec->call.abi = SYSREC_ABI_NATIVE;
	fill_identity(task, &rec->call.uid, &rec->call.gid, &rec->call.cgroup_id, path);
	READ_COMM(path, rec->call.comm, task);
	rec->paths.count = 1;
	read_path(&rec->paths.arg[0], FIELD(path, bprm, filename), false);
	submit(rec, sizeof(*rec));
}

/* complete() for a call whose paths hold_paths() kept at its entry. */
static __always_inline void complete_with_paths(struct task_struct *task, struct pending_call *pending, __s64 ret, __u64 duration_ns,
						int path)
{
	struct path_args *paths = pending_paths_of(task, false, path);
	struct path_record *rec;

	if (!paths) {
		count_drop();
		return;
	}
	rec = reserve(sizeof(*rec));
	if (!rec)
		return;
	__builtin_memcpy(&rec->call, &pending->rec, SYSREC_RECORD_SIZE_WITHOUT_EXIT);
	rec->call.ret = ret;
	rec->call.duration_ns = duration_ns;
	__builtin_memcpy(&rec->paths, paths, sizeof(*paths));
	submit(rec, sizeof(*rec));
}

/* Writes a pending call out with its return; its slot is free again. */
static __always_inline void complete(struct task_struct *task, struct pending_call *pending, __s64 ret, __u64 duration_ns, int path)
{
	struct syscall_record *rec;

	pending->valid = 0;
	if (settings.capture_paths && pending->has_paths) {
		complete_with_paths(task, pending, ret, duration_ns, path);
		return;
	}
	rec = reserve(sizeof(*rec));
	if (!rec)
		return;
	__builtin_memcpy(rec, &pending->rec, SYSREC_RECORD_SIZE_WITHOUT_EXIT);
	rec->ret = ret;
	rec->duration_ns = duration_ns;
	submit(rec, sizeof(*rec));
}

/* Argument i of the syscall being entered, from the registers its ABI passes it in. */
static __always_inline __u64 syscall_arg(struct pt_regs *regs, __u32 abi, int i)
{
#if defined(__TARGET_ARCH_x86)
	/* i386: ebx, ecx, edx, esi, edi, ebp; the upper halves are not the caller's. */
	if (abi == SYSREC_ABI_I386)
		return (__u32)(i == 0 ? regs->bx : i == 1 ? regs->cx : i == 2 ? regs->dx :
			       i == 3 ? regs->si : i == 4 ? regs->di : regs->bp);
#endif
	return i == 0 ? PT_REGS_PARM1_SYSCALL(regs) : i == 1 ? PT_REGS_PARM2_SYSCALL(regs) :
	       i == 2 ? PT_REGS_PARM3_SYSCALL(regs) : i == 3 ? PT_REGS_PARM4_SYSCALL(regs) :
	       i == 4 ? PT_REGS_PARM5_SYSCALL(regs) : PT_REGS_PARM6_SYSCALL(regs);
}

/* Which arguments of the syscall are paths, as a bitmask; 0 for most. */
static __u8 path_positions(long id, __u32 abi)
{
	__u32 slot = abi * SYSREC_FILTER_NUMBERS + (__u32)id;
	__u8 *positions;

	if (id < 0 || id >= SYSREC_FILTER_NUMBERS)
		return 0;
	positions = bpf_map_lookup_elem(&path_arg_positions, &slot);
	return positions ? *positions : 0;
}

/* Reads the path arguments at syscall entry, while the caller's memory still holds them. */
static void read_paths(struct path_args *paths, struct pt_regs *regs, __u32 abi, __u8 positions)
{
	__u32 n = 0;

#pragma unroll
	for (int i = 0; i < 6; i++) {
		if (!(positions & (1 << i)) || n >= SYSREC_MAX_PATH_ARGS)
			continue;
		read_path(&paths->arg[n], (const void *)syscall_arg(regs, abi, i), true);
		n++;
	}
	paths->count = n;
}

static __always_inline void fill(struct syscall_record *rec, struct task_struct *task, struct pt_regs *regs, long id, __s32 prog_index, __u32 abi,
				 __u64 run_key, int path)
{
	/* The clock is the dearest read here, dearer than a helper call's return: the design's text line
	 * shows no time, and the run's key keeps the calls in order without it. */
	rec->timestamp_ns = settings.capture_time ? bpf_ktime_get_ns() : run_key;
	rec->syscall_id = id;
	/* Read from the task the program already holds: on CPUs with retpolines every helper call
	 * costs more than these loads. */
	rec->pid = FIELD(path, task, tgid);
	rec->tid = FIELD(path, task, pid);
	rec->prog_index = prog_index;
	rec->abi = abi;
	READ_COMM(path, rec->comm, task);
	/* The outputs that carry the arguments (jsonl, the stream) carry who made the call; the text line
	 * has no place for either, and its records end before them. */
	if (settings.capture_args) {
		fill_identity(task, &rec->uid, &rec->gid, &rec->cgroup_id, path);
#pragma unroll
		for (int i = 0; i < 6; i++)
			rec->args[i] = syscall_arg(regs, abi, i);
	}
}

/* With capture_paths and without capture_exit: a call that takes paths, recorded with them. */
static __always_inline void record_with_paths(struct task_struct *task, struct pt_regs *regs, long id, __s32 prog_index, __u32 abi, __u64 run_key,
					      __u8 positions, int path)
{
	struct path_record *rec = reserve(sizeof(*rec));

	if (!rec)
		return;
	fill(&rec->call, task, regs, id, prog_index, abi, run_key, path);
	read_paths(&rec->paths, regs, abi, positions);
	submit(rec, sizeof(*rec));
}

/* With capture_exit: the paths of a call wait for its return in pending_paths. */
static __always_inline bool hold_paths(struct task_struct *task, struct pt_regs *regs, __u32 abi, __u8 positions, int path)
{
	struct path_args *paths = pending_paths_of(task, true, path);

	if (!paths)
		return false;
	read_paths(paths, regs, abi, positions);
	return true;
}

/* ---------------------------------------------------------------- --cgroup */

/* Before 6.15 (where it became __parent, read under RCU) a kernfs node named its parent `parent`. */
struct kernfs_node___parent_before_6_15 {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *kernfs_parent_of(struct kernfs_node *kn, int path)
{
	struct kernfs_node___parent_before_6_15 *before = (void *)kn;
	struct kernfs_node *parent;

	/* Each load kept on its own branch: the one whose field this kernel lacks is never reached. */
	if (bpf_core_field_exists(kn->__parent)) {
		parent = core_reads(path) ? BPF_CORE_READ(kn, __parent) : kn->__parent;
		barrier_var(parent);
	} else {
		parent = core_reads(path) ? BPF_CORE_READ(before, parent) : before->parent;
		barrier_var(parent);
	}
	return parent;
}

/* With cgroup_count: whether the task's cgroup v2 is a selected one or below one. The cgroup's kernfs
 * node and its ancestors' carry the ids, read with no helper call where the task's type is known; the
 * walk ends at the root. */
static __always_inline bool in_selected_cgroup(struct task_struct *task, int path)
{
	struct kernfs_node *kn = core_reads(path) ? BPF_CORE_READ(task, cgroups, dfl_cgrp, kn) : task->cgroups->dfl_cgrp->kn;

	for (int depth = 0; depth < SYSREC_CGROUP_DEPTH && kn; depth++) {
		__u64 id = FIELD(path, kn, id);

		for (int i = 0; i < SYSREC_MAX_CGROUPS && i < settings.cgroup_count; i++) {
			if (settings.cgroup_ids[i] == id)
				return true;
		}
		kn = kernfs_parent_of(kn, path);
	}
	return false;
}

/* Whether a syscall's thread is judged by traced_thread(): always but under '*' alone with the time of
 * each call, where every thread is traced but the recorder and no record needs its run's key. */
#define JUDGED_PER_THREAD (!settings.trace_all || settings.cgroup_count || !settings.capture_time)

/* The thread's saved registers as a number that tells it from every other live thread: a tp_btf
 * argument is a pointer, which the verifier lets become one only by taking another from it; a raw
 * tracepoint's is one already. */
static __always_inline __u64 thread_key(struct pt_regs *regs, int path)
{
	return path == COMPAT ? (__u64)regs : (__u64)regs - (__u64)&settings;
}

/* The key of the records of the thread's run of calls on this CPU: the time the run began, after all the
 * thread did on any other CPU (see records). A thread that went away to another CPU and came back
 * without another thread's call here in between begins a new run, told by its count of migrations. */
static __always_inline __u64 run_key_of(struct verdict *verdict, struct task_struct *task, int path)
{
	__u64 migrations = FIELD(path, task, se.nr_migrations);

	if (migrations != verdict->migrations) {
		verdict->migrations = migrations;
		verdict->run_key = bpf_ktime_get_ns();
	}
	return verdict->run_key;
}

/* Whether the thread that made this syscall is traced, and for which list entry, judged once per run of
 * syscalls on a CPU (see struct verdict). */
static __always_inline bool traced_thread(__u64 thread, __s32 *prog_index, __u64 *run_key, int path)
{
	__u32 zero = 0;
	struct verdict *verdict = bpf_map_lookup_elem(&verdicts, &zero);
	__u64 *current_epoch = epoch();
	struct task_struct *task;
	struct relevance *relevant;
	__u64 seen_epoch;

	if (!verdict || !current_epoch)
		return false;
	seen_epoch = *current_epoch;
	/* A move to another cgroup bumps the epoch at cgroup_attach_task, after the move: a call made in
	 * between is told by the thread's css_set. */
	if (verdict->thread == thread && verdict->epoch == seen_epoch &&
	    (!settings.cgroup_count || verdict->css_set == (__u64)FIELD(path, current_task(path), cgroups))) {
		*prog_index = verdict->prog_index;
		if (verdict->traced && !settings.capture_time)
			*run_key = run_key_of(verdict, current_task(path), path);
		return verdict->traced;
	}
	/* The bit rules out most threads at the cost of one array read; the task storage is the truth. */
	task = current_task(path);
	relevant = NULL;
	if (!settings.trace_all && tid_traced(FIELD(path, task, pid)) && FIELD(path, task, tgid) != settings.self_tgid)
		relevant = relevance_of(task, false, path);
	verdict->thread = thread;
	verdict->epoch = seen_epoch;
	verdict->css_set = settings.cgroup_count ? (__u64)FIELD(path, task, cgroups) : 0;
	verdict->traced = settings.trace_all ? FIELD(path, task, tgid) != settings.self_tgid : relevant != NULL;
	if (settings.cgroup_count && verdict->traced)
		verdict->traced = in_selected_cgroup(task, path);
	verdict->prog_index = relevant ? relevant->prog_index : SYSREC_NO_PROG;
	verdict->migrations = ~0ULL;
	*prog_index = verdict->prog_index;
	if (verdict->traced && !settings.capture_time)
		*run_key = run_key_of(verdict, task, path);
	return verdict->traced;
}


/* Which table the syscall being made belongs to: set at entry, still set at its exit. */
static __always_inline __u32 abi_of(struct task_struct *task, int path)
{
#if defined(__TARGET_ARCH_x86)
	return FIELD(path, task, thread_info.status) & X86_TS_COMPAT ? SYSREC_ABI_I386 : SYSREC_ABI_NATIVE;
#else
	return SYSREC_ABI_NATIVE;
#endif
}

/* With filter_syscalls: whether the -e list keeps the syscall. */
static __always_inline bool kept_by_filter(long id, __u32 abi)
{
	__u32 slot = abi * SYSREC_FILTER_NUMBERS + (__u32)id;
	__u8 *wanted;

	if (id < 0 || id >= SYSREC_FILTER_NUMBERS)
		return false;
	wanted = bpf_map_lookup_elem(&syscall_filter, &slot);
	return wanted && *wanted;
}

/* ---------------------------------------------------------------- --decode
 * Records of variable length are built in the CPU's scratch buffer and copied into the ring with
 * bpf_ringbuf_output, since a reserve needs a size known to the verifier; a call with nothing to
 * capture is reserved in place as every other record. */

/* What to capture of each syscall at slot abi * SYSREC_FILTER_NUMBERS + nr, filled by the loader from
 * the printer table (Decoding/ArgumentCaptures.cs): no syscall is named here. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSREC_FILTER_SLOTS);
	__type(key, __u32);
	__type(value, struct decode_spec);
} decode_specs SEC(".maps");

/* The state of the loops that walk an argument, kept in the scratch buffer's map value rather than on the
 * stack: the verifier tracks a stack value exactly, and would walk every iteration of a loop whose
 * position it knows, where it takes a value from a map as any value. */
struct string_walk {
	__u64 array;
	__u32 next;                   /* where the next string goes */
	__u32 count;
	__u32 keep;                   /* strings to capture, the others only counted */
	__u32 cap;
	bool unreadable;
};

struct iovec_walk {
	__u64 iov;
	__u64 remaining;              /* bytes a read filled, not yet shared out; ~0 for a write */
	__u32 next;                   /* where the next iovec_entry goes */
	__u32 end;                    /* where the entries must end */
	__u32 cap;
	__u32 captured;
	bool unreadable;
	bool cut;
};

struct dirent_walk {
	__u64 buffer;
	__u64 size;
	__u32 offset;
	__u32 count;
	__u32 reclen_at;
};

struct decode_scratch {
	__u8 buf[SYSREC_DECODE_SCRATCH];
	__u64 output_bytes;           /* sent from this CPU with bpf_ringbuf_output, for the wakeups */
	__u32 pos;                    /* where the record's next item starts; kept here as the walks' state is */
	__u32 unreadable;             /* an item of the record could not be read from a pointer that was not NULL */
	union {
		struct string_walk strings;
		struct iovec_walk iovecs;
		struct dirent_walk dirents;
	} walk;
};

/* One per possible CPU, by CPU number: a per-CPU array's value cannot be this big. The loader sizes it
 * (one entry without --decode). The syscall tracepoints run their programs with preemption off, so
 * one CPU never builds two records at once. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct decode_scratch);
} decode_scratch SEC(".maps");

/* One bit per thread id, set when an entry capture of the thread's call could not be read: its exit
 * reads the entry captures again (SYSREC_CAPTURE_RETRIED). A bit rather than state per task, so that the
 * exit of every other call pays one inlined array read. The loader sizes it (one word without --decode). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSREC_MAX_TID / 64);
	__type(key, __u32);
	__type(value, __u64);
} retry_tids SEC(".maps");

const struct enter_record *enter_record_layout __attribute__((unused));
const struct exit_record *exit_record_layout __attribute__((unused));
const struct capture_item *capture_item_layout __attribute__((unused));
const struct decode_spec *decode_spec_layout __attribute__((unused));
const struct fork_event *fork_event_layout __attribute__((unused));
const struct task_exit_event *task_exit_event_layout __attribute__((unused));
const struct signal_event *signal_event_layout __attribute__((unused));
const struct string_array_entry *string_array_entry_layout __attribute__((unused));
const struct iovec_header *iovec_header_layout __attribute__((unused));
const struct iovec_entry *iovec_entry_layout __attribute__((unused));
const struct msghdr_header *msghdr_header_layout __attribute__((unused));
const struct fd_target *fd_target_layout __attribute__((unused));

/* include/uapi/linux/stat.h, include/uapi/linux/socket.h, ...: macros, so not in BTF. */
#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define SYSREC_AF_UNIX 1
#define SYSREC_AF_INET 2
#define SYSREC_AF_INET6 10
#define SYSREC_AF_NETLINK 16
#define SYSREC_SOCK_STREAM 1
#define SYSREC_SIGKILL 9
#define SYSREC_SI_USER 0
#define SYSREC_SI_KERNEL 0x80
#define SYSREC_SIGNAL_GROUP_EXIT 0x00000004
#define SYSREC_PF_EXITING 0x00000004
#define SYSREC_TRACE_SIGNAL_IGNORED 1
#define MAX_ERRNO 4095

/* One side's captures being added to a record in the scratch buffer. */
struct build {
	struct decode_scratch *s;
	struct pt_regs *regs;
	const struct decode_op *ops;
	__s64 ret;
	__u32 abi;
	bool failed;                  /* an exit that returned an error: what the return sizes is not read */
	__u8 mark;                    /* flags every item gets: SYSREC_CAPTURE_RETRIED for entry captures read at the exit */
};

/* The verifier must see the bound on the register the result is used from, not on a copy. */
static __always_inline __u32 at_most(__u64 value, __u32 max)
{
	if (value > max)
		value = max;
	barrier_var(value);
	return value;
}

/* A cap or count of an op, with -s put in. */
static __always_inline __u32 snapped(__u32 value)
{
	return value == SYSREC_SNAPLEN ? settings.snaplen : value;
}

/* Every write into the scratch buffer goes through here: the mask keeps it inside the buffer for the
 * verifier, and changes nothing, since a record never reaches SYSREC_DECODE_POS_MASK. */
static __always_inline __u8 *at(struct build *b, __u32 offset)
{
	return b->s->buf + (offset & SYSREC_DECODE_POS_MASK);
}

static __always_inline __u64 argument(struct build *b, __u32 i)
{
	return syscall_arg(b->regs, b->abi, i);
}

/* The memory an op reads: its argument register (or the user stack pointer) plus its offset; 0 for a NULL
 * pointer, of which an op sends nothing. */
static __always_inline __u64 op_pointer(struct build *b, const struct decode_op *op)
{
	__u64 base = op->argument == SYSREC_CAPTURE_STACK_POINTER ? PT_REGS_SP(b->regs) : argument(b, op->argument);

	return base ? base + op->offset : 0;
}

static __always_inline struct capture_item *begin_item(struct build *b, const struct decode_op *op)
{
	struct capture_item *item = (struct capture_item *)at(b, b->s->pos);

	item->argument = op->argument;
	item->kind = op->kind;
	item->flags = 0;
	item->element = op->element;
	item->length = 0;
	item->full = 0;
	return item;
}

static __always_inline void end_item(struct build *b, struct capture_item *item, __u32 length)
{
	/* The padding to the next item is 0s: a store past the end covers it, and what comes after. */
	*(__u64 *)at(b, b->s->pos + sizeof(*item) + length) = 0;
	item->flags |= b->mark;
	item->length = length;
	b->s->pos += (sizeof(*item) + length + 7) & ~7U;
}

static __always_inline __u32 payload_start(struct build *b)
{
	return b->s->pos + sizeof(struct capture_item);
}

/* The length an op's source gives, or `otherwise` when it has none. */
static __always_inline __u64 source_length(struct build *b, const struct decode_op *op, __u64 otherwise)
{
	__u32 pointee = 0;
	int bits;

	switch (op->length_source) {
	case SYSREC_LENGTH_ARGUMENT:
		return (__u32)argument(b, op->length_argument);
	case SYSREC_LENGTH_RETURN:
		return b->ret > 0 ? b->ret : 0;
	case SYSREC_LENGTH_ARGUMENT_BITS:
		bits = (int)argument(b, op->length_argument);
		return bits > 0 ? ((__u64)bits + 7) / 8 : 0;
	case SYSREC_LENGTH_POINTEE:
		if (bpf_probe_read_user(&pointee, sizeof(pointee), (const void *)argument(b, op->length_argument)))
			return 0;
		return pointee;
	}
	return otherwise;
}

/* Bytes, Sockaddr and Array: `full` bytes the call had at the argument, of which `kept` are read. */
static __always_inline void capture_span(struct build *b, const struct decode_op *op, __u64 full, __u32 kept)
{
	const void *ptr = (const void *)op_pointer(b, op);
	__u32 n = at_most(kept, SYSREC_DECODE_ITEM_MAX);
	struct capture_item *item;

	if (!ptr)
		return;
	item = begin_item(b, op);
	item->full = at_most(full, 0xffffffff);
	if (bpf_probe_read_user(at(b, payload_start(b)), n, ptr)) {
		b->s->unreadable = 1;
		item->flags = SYSREC_CAPTURE_UNREADABLE;
		end_item(b, item, 0);
		return;
	}
	if (n < full)
		item->flags = SYSREC_CAPTURE_TRUNCATED;
	end_item(b, item, n);
}

static __always_inline void capture_bytes(struct build *b, const struct decode_op *op)
{
	__u32 cap = snapped(op->cap);
	__u64 full = source_length(b, op, cap);

	capture_span(b, op, full, at_most(full, cap));
}

static __always_inline void capture_array(struct build *b, const struct decode_op *op)
{
	__u32 size = op->element_size, most = snapped(op->max_count);
	__u64 count = source_length(b, op, most);
	__u32 kept;

	if (size == 0)
		return;
	kept = at_most(count, most);
	kept = at_most((__u64)kept * size, SYSREC_DECODE_ITEM_MAX / size * size);
	capture_span(b, op, count * size, kept);
}

/* Reads the string at ptr to `payload`, at most cap bytes; its length, or -1 when unreadable. */
static __always_inline long read_any_string(struct build *b, __u32 payload, const void *ptr, __u32 cap, bool *truncated, bool kernel)
{
	/* Room for one byte more than the cap, and the NUL: a string that fills it is longer than the cap. */
	__u32 room = at_most(cap, SYSREC_DECODE_ITEM_MAX) + 2;
	long len = kernel ? bpf_probe_read_kernel_str(at(b, payload), room, ptr) : bpf_probe_read_user_str(at(b, payload), room, ptr);

	if (!ptr || len <= 0)
		return -1;
	len--;
	*truncated = len > cap;
	return *truncated ? cap : len;
}

static __always_inline long read_string(struct build *b, __u32 payload, const void *ptr, __u32 cap, bool *truncated)
{
	return read_any_string(b, payload, ptr, cap, truncated, false);
}

static __always_inline void capture_string(struct build *b, const struct decode_op *op)
{
	__u32 cap = at_most(snapped(op->cap), SYSREC_DECODE_ITEM_MAX);
	const void *ptr = (const void *)op_pointer(b, op);
	struct capture_item *item;
	bool truncated = false;
	long len;

	if (!ptr)
		return;
	item = begin_item(b, op);
	len = read_string(b, payload_start(b), ptr, cap, &truncated);
	if (len < 0) {
		b->s->unreadable = 1;
		item->flags = SYSREC_CAPTURE_UNREADABLE;
		end_item(b, item, 0);
		return;
	}
	item->flags = truncated ? SYSREC_CAPTURE_TRUNCATED : 0;
	item->full = len;
	end_item(b, item, at_most(len, SYSREC_DECODE_ITEM_MAX));
}

/* A user pointer of the caller's width at index i of the array at base; false when unreadable. */
static __always_inline bool read_pointer(__u64 base, __u32 i, __u32 abi, __u64 *value)
{
	if (abi == SYSREC_ABI_I386) {
		__u32 narrow = 0;

		if (bpf_probe_read_user(&narrow, sizeof(narrow), (const void *)(base + i * 4ULL)))
			return false;
		*value = narrow;
		return true;
	}
	return bpf_probe_read_user(value, sizeof(*value), (const void *)(base + i * 8ULL)) == 0;
}


static long capture_array_string(__u32 i, void *ctx)
{
	struct build *b = ctx;
	struct string_walk *walk = &b->s->walk.strings;
	struct string_array_entry *entry;
	bool truncated = false;
	__u64 ptr = 0;
	long len;

	if (!read_pointer(walk->array, i, b->abi, &ptr)) {
		walk->unreadable = i == 0;
		return 1;
	}
	if (!ptr)
		return 1;
	walk->count++;
	if (i >= walk->keep)
		return 0;
	entry = (struct string_array_entry *)at(b, walk->next);
	len = read_string(b, walk->next + sizeof(*entry), (const void *)ptr, at_most(walk->cap, SYSREC_ARGV_STRING_MAX), &truncated);
	/* A string that cannot be read ends the strings; the count goes on. */
	if (len < 0) {
		b->s->unreadable = 1;
		walk->keep = i;
		return 0;
	}
	entry->length = len;
	entry->flags = truncated ? SYSREC_CAPTURE_TRUNCATED : 0;
	entry->reserved = 0;
	walk->next += sizeof(*entry) + at_most(len, SYSREC_ARGV_STRING_MAX);
	return 0;
}

/* execve's argv (the first strings and the count) and envp (the count alone). */
static __always_inline void capture_string_array(struct build *b, const struct decode_op *op)
{
	struct capture_item *item;
	__u32 payload = payload_start(b);
	struct string_walk *walk = &b->s->walk.strings;

	walk->array = op_pointer(b, op);
	if (!walk->array)
		return;
	item = begin_item(b, op);
	walk->next = payload + sizeof(__u32);
	walk->count = 0;
	walk->keep = at_most(snapped(op->max_count), SYSREC_ARGV_MAX);
	walk->cap = at_most(at_most(op->element_size, settings.snaplen), SYSREC_ARGV_STRING_MAX);
	walk->unreadable = false;
	bpf_loop(SYSREC_ARGV_COUNT_MAX, capture_array_string, b, 0);
	if (walk->unreadable) {
		item->flags = SYSREC_CAPTURE_UNREADABLE;
		end_item(b, item, 0);
		return;
	}
	*(__u32 *)at(b, payload) = walk->count;
	item->flags = walk->count >= SYSREC_ARGV_COUNT_MAX ? SYSREC_CAPTURE_TRUNCATED : 0;
	item->full = walk->next - payload;
	end_item(b, item, at_most(walk->next - payload, SYSREC_DECODE_ITEM_MAX + SYSREC_ARGV_MAX * SYSREC_ARGV_STRING_MAX));
}


static long capture_one_iovec(__u32 i, void *ctx)
{
	struct build *b = ctx;
	struct iovec_walk *walk = &b->s->walk.iovecs;
	struct iovec_entry *entry;
	__u64 base = 0, len = 0, wanted;
	__u32 n;

	if (b->abi == SYSREC_ABI_I386) {
		__u32 narrow[2];

		if (bpf_probe_read_user(narrow, sizeof(narrow), (const void *)(walk->iov + i * 8ULL))) {
			walk->unreadable = i == 0;
			return 1;
		}
		base = narrow[0];
		len = narrow[1];
	} else {
		__u64 wide[2];

		if (bpf_probe_read_user(wide, sizeof(wide), (const void *)(walk->iov + i * 16ULL))) {
			walk->unreadable = i == 0;
			return 1;
		}
		base = wide[0];
		len = wide[1];
	}
	if (walk->next + sizeof(*entry) > walk->end) {
		walk->cut = true;
		return 1;
	}
	wanted = len < walk->remaining ? len : walk->remaining;
	if (walk->remaining != ~0ULL)
		walk->remaining -= wanted;
	n = at_most(wanted, at_most(walk->cap, walk->end - walk->next - sizeof(*entry)));
	entry = (struct iovec_entry *)at(b, walk->next);
	entry->base = base;
	entry->len = len;
	entry->flags = n < wanted ? SYSREC_CAPTURE_TRUNCATED : 0;
	entry->reserved[0] = entry->reserved[1] = entry->reserved[2] = 0;
	n = at_most(n, SYSREC_DECODE_ITEM_MAX);
	if (n && (!base || bpf_probe_read_user(at(b, walk->next + sizeof(*entry)), n, (const void *)base))) {
		entry->flags = SYSREC_CAPTURE_UNREADABLE;
		n = 0;
	}
	entry->present = n;
	walk->next += sizeof(*entry) + n;
	walk->captured++;
	return 0;
}

/* An Iovec payload at `start`, ending by `end`: its bytes, or -1 when the array cannot be read. */
static __always_inline long write_iovecs(struct build *b, const struct decode_op *op, __u32 start, __u32 end, __u64 iov, __u64 vlen, bool *cut)
{
	struct iovec_header *header = (struct iovec_header *)at(b, start);
	struct iovec_walk *walk = &b->s->walk.iovecs;
	__u32 count = at_most(vlen, at_most(snapped(op->max_count), SYSREC_IOVEC_MAX));

	if (count && !iov)
		return -1;
	walk->iov = iov;
	walk->remaining = op->length_source == SYSREC_LENGTH_RETURN ? (b->ret > 0 ? b->ret : 0) : ~0ULL;
	walk->next = start + sizeof(*header);
	walk->end = end;
	walk->cap = at_most(snapped(op->cap), SYSREC_DECODE_ITEM_MAX);
	walk->captured = 0;
	walk->unreadable = false;
	walk->cut = false;
	bpf_loop(count, capture_one_iovec, b, 0);
	if (walk->unreadable)
		return -1;
	header->vlen = at_most(vlen, 0xffffffff);
	header->captured = walk->captured;
	*cut = walk->cut || walk->captured < count;
	return walk->next - start;
}

static __always_inline void capture_iovec(struct build *b, const struct decode_op *op)
{
	__u64 iov = op_pointer(b, op);
	__u32 payload = payload_start(b);
	__u32 vlen = argument(b, op->length_argument);
	struct capture_item *item;
	bool cut = false;
	long length;

	if (!iov)
		return;
	item = begin_item(b, op);
	length = write_iovecs(b, op, payload, payload + SYSREC_DECODE_ITEM_MAX, iov, vlen, &cut);
	if (length < 0) {
		item->flags = SYSREC_CAPTURE_UNREADABLE;
		end_item(b, item, 0);
		return;
	}
	item->flags = cut ? SYSREC_CAPTURE_TRUNCATED : 0;
	item->full = length;
	end_item(b, item, at_most(length, SYSREC_DECODE_ITEM_MAX));
}

/* struct user_msghdr of a 64-bit caller, and struct compat_msghdr of a 32-bit one. */
struct wide_msghdr {
	__u64 name;
	__s32 namelen;
	__u32 pad;
	__u64 iov;
	__u64 iovlen;
	__u64 control;
	__u64 controllen;
	__u32 flags;
	__u32 pad2;
};

struct narrow_msghdr {
	__u32 name;
	__s32 namelen;
	__u32 iov;
	__u32 iovlen;
	__u32 control;
	__u32 controllen;
	__u32 flags;
};

static __always_inline void capture_msghdr(struct build *b, const struct decode_op *op)
{
	const void *ptr = (const void *)op_pointer(b, op);
	__u32 payload = payload_start(b);
	struct msghdr_header *header = (struct msghdr_header *)at(b, payload);
	__u32 name_bytes, control_bytes, iovecs;
	struct wide_msghdr msg = {};
	struct capture_item *item;
	bool cut = false;
	long length;

	if (!ptr)
		return;
	item = begin_item(b, op);
	if (b->abi == SYSREC_ABI_I386) {
		struct narrow_msghdr narrow;

		if (bpf_probe_read_user(&narrow, sizeof(narrow), ptr))
			goto unreadable;
		msg.name = narrow.name;
		msg.namelen = narrow.namelen;
		msg.iov = narrow.iov;
		msg.iovlen = narrow.iovlen;
		msg.control = narrow.control;
		msg.controllen = narrow.controllen;
		msg.flags = narrow.flags;
	} else if (bpf_probe_read_user(&msg, sizeof(msg) - sizeof(msg.pad2), ptr)) {
		goto unreadable;
	}
	header->name = msg.name;
	header->namelen = msg.namelen;
	header->flags = msg.flags;
	header->iov = msg.iov;
	header->iovlen = msg.iovlen;
	header->control = msg.control;
	header->controllen = msg.controllen;
	header->reserved = 0;
	name_bytes = msg.namelen > 0 ? at_most(msg.namelen, SYSREC_MSG_NAME_MAX) : 0;
	if (name_bytes && (!msg.name || bpf_probe_read_user(at(b, payload + sizeof(*header)), name_bytes, (const void *)msg.name)))
		name_bytes = 0;
	control_bytes = at_most(msg.controllen, SYSREC_MSG_CONTROL_MAX);
	if (control_bytes && (!msg.control ||
			      bpf_probe_read_user(at(b, payload + sizeof(*header) + name_bytes), control_bytes, (const void *)msg.control)))
		control_bytes = 0;
	header->name_present = name_bytes;
	header->control_present = control_bytes;
	iovecs = (sizeof(*header) + name_bytes + control_bytes + 7) & ~7U;
	*(__u64 *)at(b, payload + sizeof(*header) + name_bytes + control_bytes) = 0;
	length = write_iovecs(b, op, payload + iovecs, payload + SYSREC_DECODE_ITEM_MAX, msg.iov, msg.iovlen, &cut);
	if (length < 0) {
		/* The header still says where the iovecs were: an empty Iovec payload after it. */
		struct iovec_header *none = (struct iovec_header *)at(b, payload + iovecs);

		none->vlen = at_most(msg.iovlen, 0xffffffff);
		none->captured = 0;
		length = sizeof(*none);
	}
	item->flags = cut ? SYSREC_CAPTURE_TRUNCATED : 0;
	item->full = iovecs + length;
	end_item(b, item, at_most(iovecs + length, SYSREC_DECODE_ITEM_MAX));
	return;
unreadable:
	item->flags = SYSREC_CAPTURE_UNREADABLE;
	end_item(b, item, 0);
}


static long count_dirent(__u32 i, void *ctx)
{
	struct build *b = ctx;
	struct dirent_walk *walk = &b->s->walk.dirents;
	__u16 reclen = 0;

	if (walk->offset + walk->reclen_at + sizeof(reclen) > walk->size ||
	    bpf_probe_read_user(&reclen, sizeof(reclen), (const void *)(walk->buffer + walk->offset + walk->reclen_at)) || !reclen)
		return 1;
	walk->count++;
	walk->offset += reclen;
	return 0;
}

static __always_inline void capture_dirent_count(struct build *b, const struct decode_op *op)
{
	struct dirent_walk *walk = &b->s->walk.dirents;
	struct capture_item *item;

	walk->buffer = op_pointer(b, op);
	if (!walk->buffer)
		return;
	item = begin_item(b, op);
	walk->size = b->ret > 0 ? b->ret : 0;
	walk->offset = 0;
	walk->count = 0;
	walk->reclen_at = op->element_size;
	bpf_loop(SYSREC_DIRENT_MAX, count_dirent, b, 0);
	*(__u32 *)at(b, payload_start(b)) = walk->count;
	/* Entries left past the bound. */
	item->flags = walk->count >= SYSREC_DIRENT_MAX && walk->offset < walk->size ? SYSREC_CAPTURE_TRUNCATED : 0;
	item->full = sizeof(__u32);
	end_item(b, item, sizeof(__u32));
}

static __always_inline __u64 socket_inode(struct socket *sock)
{
	struct socket_alloc *alloc = (struct socket_alloc *)((void *)sock - __builtin_offsetof(struct socket_alloc, socket));

	return sock ? BPF_CORE_READ(alloc, vfs_inode.i_ino) : 0;
}

/* What fd of the current task refers to, read from its fd table into target; its payload's length, 0
 * for an fd that is not open. */
static __always_inline __u32 read_fd_target(struct fd_target *target, int fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *file = NULL;
	struct socket *sock;
	struct inode *inode;
	struct sock *sk;

	if (fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds) || bpf_probe_read_kernel(&file, sizeof(file), fds + fd) || !file)
		return 0;
	inode = BPF_CORE_READ(file, f_inode);
	target->inode = BPF_CORE_READ(inode, i_ino);
	target->mode = BPF_CORE_READ(inode, i_mode);
	target->rdev = BPF_CORE_READ(inode, i_rdev);
	target->family = 0;
	target->type = 0;
	target->protocol = 0;
	target->reserved = 0;
	if ((target->mode & S_IFMT) != S_IFSOCK)
		return __builtin_offsetof(struct fd_target, inet);
	sock = BPF_CORE_READ(file, private_data);
	sk = BPF_CORE_READ(sock, sk);
	target->type = BPF_CORE_READ(sock, type);
	target->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	target->protocol = BPF_CORE_READ(sk, sk_protocol);
	switch (target->family) {
	case SYSREC_AF_INET:
		__builtin_memset(&target->inet, 0, sizeof(target->inet));
		BPF_CORE_READ_INTO((__u32 *)target->inet.local, sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO((__u32 *)target->inet.peer, sk, __sk_common.skc_daddr);
		break;
	case SYSREC_AF_INET6:
		BPF_CORE_READ_INTO((struct in6_addr *)target->inet.local, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO((struct in6_addr *)target->inet.peer, sk, __sk_common.skc_v6_daddr);
		break;
	case SYSREC_AF_UNIX: {
		struct unix_sock *unix_socket = (struct unix_sock *)sk;
		struct unix_address *address = BPF_CORE_READ(unix_socket, addr);
		struct sock *peer = BPF_CORE_READ(unix_socket, peer);
		__u32 length = 0;

		target->un.peer_inode = peer ? socket_inode(BPF_CORE_READ(peer, sk_socket)) : 0;
		if (address) {
			int len = BPF_CORE_READ(address, len) - (int)sizeof(__u16);

			length = len > 0 ? at_most(len, SYSREC_UNIX_PATH_MAX) : 0;
			if (bpf_probe_read_kernel(target->un.path, length,
						  (void *)address + bpf_core_field_offset(struct unix_address, name) + sizeof(__u16)))
				length = 0;
		}
		target->un.path_length = length;
		return __builtin_offsetof(struct fd_target, un.path) + length;
	}
	case SYSREC_AF_NETLINK:
		target->netlink_portid = BPF_CORE_READ((struct netlink_sock *)sk, portid);
		return __builtin_offsetof(struct fd_target, netlink_portid) + sizeof(target->netlink_portid);
	default:
		return __builtin_offsetof(struct fd_target, inet);
	}
	target->inet.local_port = BPF_CORE_READ(sk, __sk_common.skc_num);
	target->inet.peer_port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	/* A TCP socket has a peer only while connected: one refused or listening keeps an address the
	 * kernel's socket diagnostics, which strace asks, do not list. */
	if (target->type == SYSREC_SOCK_STREAM && (BPF_CORE_READ(sk, __sk_common.skc_state) == TCP_CLOSE ||
						   BPF_CORE_READ(sk, __sk_common.skc_state) == TCP_LISTEN)) {
		__builtin_memset(target->inet.peer, 0, sizeof(target->inet.peer));
		target->inet.peer_port = 0;
	}
	return sizeof(target->inet) + __builtin_offsetof(struct fd_target, inet);
}

static __always_inline void capture_fd_target(struct build *b, const struct decode_op *op)
{
	struct capture_item *item = begin_item(b, op);
	__u32 length = 0;
	int fd = -1;

	if (op->argument == SYSREC_CAPTURE_RETURN)
		fd = b->ret;
	else if (op->flags & SYSREC_OP_FD_IN_ARRAY)
		bpf_probe_read_user(&fd, sizeof(fd), (const void *)(argument(b, op->argument) + op->element * 4ULL));
	else
		fd = argument(b, op->argument);
	length = read_fd_target((struct fd_target *)at(b, payload_start(b)), fd);
	if (!length)
		item->flags = SYSREC_CAPTURE_UNREADABLE;
	item->full = length;
	end_item(b, item, at_most(length, sizeof(struct fd_target)));
}

static long capture_op(__u32 index, void *ctx)
{
	struct build *b = ctx;
	const struct decode_op *op;

	/* Widened once: the compiler would index with a second copy, which the check bounds not. */
	__u64 i = index;

	barrier_var(i);
	/* An item starts below the room left, so that a whole one still fits. */
	if (i >= SYSREC_DECODE_OPS || b->s->pos >= SYSREC_DECODE_ROOM)
		return 1;
	op = &b->ops[i];
	/* A failed call filled nothing its return would size. */
	if (b->failed && op->length_source == SYSREC_LENGTH_RETURN)
		return 0;
	switch (op->kind) {
	case SYSREC_CAPTURE_STRING:
		capture_string(b, op);
		break;
	case SYSREC_CAPTURE_BYTES:
	case SYSREC_CAPTURE_SOCKADDR:
		capture_bytes(b, op);
		break;
	case SYSREC_CAPTURE_ARRAY:
		capture_array(b, op);
		break;
	case SYSREC_CAPTURE_STRING_ARRAY:
		capture_string_array(b, op);
		break;
	case SYSREC_CAPTURE_IOVEC:
		capture_iovec(b, op);
		break;
	case SYSREC_CAPTURE_MSGHDR:
		capture_msghdr(b, op);
		break;
	case SYSREC_CAPTURE_FD_TARGET:
		capture_fd_target(b, op);
		break;
	case SYSREC_CAPTURE_DIRENT_COUNT:
		capture_dirent_count(b, op);
		break;
	}
	return 0;
}

static __always_inline struct decode_spec *decode_spec_of(long id, __u32 abi)
{
	__u32 slot = abi * SYSREC_FILTER_NUMBERS + (__u32)id;

	if (id < 0 || id >= SYSREC_FILTER_NUMBERS)
		return NULL;
	return bpf_map_lookup_elem(&decode_specs, &slot);
}

static __always_inline struct decode_scratch *scratch_of_this_cpu(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&decode_scratch, &cpu);
}

/* Appends the captures of ops to the record of `start` bytes in the scratch buffer; the record's size. */
static __always_inline __u32 add_captures(struct decode_scratch *s, struct pt_regs *regs, const struct decode_op *ops, __u32 count,
					  __u32 start, __u32 abi, __s64 ret, bool failed, __u8 mark)
{
	struct build b = {
		.s = s,
		.regs = regs,
		.ops = ops,
		.ret = ret,
		.abi = abi,
		.failed = failed,
		.mark = mark,
	};

	s->pos = start;
	bpf_loop(count, capture_op, &b, 0);
	return s->pos;
}

/* Copies the record built in the scratch buffer into the ring, waking the reader as submit() does: once
 * per wakeup_bytes, counted here per CPU since a copy has no address to tell by. */
static void send_built(struct decode_scratch *s, __u32 size)
{
	__u64 before = s->output_bytes;
	__u64 after = before + ((BPF_RINGBUF_HDR_SZ + size + 7) & ~7ULL);
	__u64 block = ~(settings.wakeup_bytes - 1);
	void *ring = ring_of_this_cpu();

	s->output_bytes = after;
	if (!ring || bpf_ringbuf_output(ring, s->buf, at_most(size, SYSREC_DECODE_POS_MASK),
					(before & block) != (after & block) ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP))
		count_drop();
}

static __always_inline void fill_header(struct decode_header *header, struct task_struct *task, long id, __u32 type, __u32 abi)
{
	header->timestamp_ns = bpf_ktime_get_ns();
	header->syscall_id = id;
	header->pid = task->tgid;
	header->tid = task->pid;
	header->type = type;
	header->abi = abi;
}

static __always_inline void fill_enter(struct enter_record *rec, struct task_struct *task, struct pt_regs *regs, long id, __u32 abi)
{
	fill_header(&rec->header, task, id, SYSREC_DECODE_ENTER, abi);
	fill_identity(task, &rec->uid, &rec->gid, &rec->cgroup_id, DEFAULT_PATH);
	__builtin_memcpy(rec->comm, task->comm, sizeof(rec->comm));
#pragma unroll
	for (int i = 0; i < 6; i++)
		rec->args[i] = syscall_arg(regs, abi, i);
}

static __always_inline void set_retry(__u32 tid)
{
	__u32 word = tid / 64;
	__u64 *bits = bpf_map_lookup_elem(&retry_tids, &word);

	if (bits)
		__sync_fetch_and_or(bits, 1ULL << (tid & 63));
}

/* Whether the thread's call has entry captures to read again, clearing the mark. */
static __always_inline bool take_retry(__u32 tid)
{
	__u32 word = tid / 64;
	__u64 *bits = bpf_map_lookup_elem(&retry_tids, &word);
	__u64 bit = 1ULL << (tid & 63);

	if (!bits || !(*bits & bit))
		return false;
	__sync_fetch_and_and(bits, ~bit);
	return true;
}

static void decode_enter(struct task_struct *task, struct pt_regs *regs, long id, __u32 abi)
{
	struct decode_spec *spec = decode_spec_of(id, abi);
	struct decode_scratch *s;
	struct enter_record *rec;

	if (spec && spec->entry_ops) {
		s = scratch_of_this_cpu();
		if (!s) {
			count_drop();
			return;
		}
		fill_enter((struct enter_record *)s->buf, task, regs, id, abi);
		s->unreadable = 0;
		send_built(s, add_captures(s, regs, spec->entry, spec->entry_ops, sizeof(*rec), abi, 0, false, 0));
		if (s->unreadable)
			set_retry(task->pid);
		return;
	}
	rec = reserve(sizeof(*rec));
	if (!rec)
		return;
	fill_enter(rec, task, regs, id, abi);
	submit(rec, sizeof(*rec));
}

/* The syscall the saved registers name at its exit: the one entered, or -1 after rt_sigreturn restored
 * the registers of the interrupted code. */
static __always_inline long syscall_at_exit(struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_x86)
	return regs->orig_ax;
#else
	return regs->syscallno;
#endif
}

static void decode_exit(struct pt_regs *regs, long ret)
{
	__s32 prog_index = SYSREC_NO_PROG;
	__u64 run_key = 0;
	long id = syscall_at_exit(regs);
	struct decode_spec *spec;
	struct decode_scratch *s;
	struct task_struct *task;
	struct exit_record *rec;
	bool retry;
	__u32 abi;

	/* Every syscall's return on the machine comes here: an untraced thread is let go before any helper call. */
	if (JUDGED_PER_THREAD && !traced_thread(thread_key(regs, DEFAULT_PATH), &prog_index, &run_key, DEFAULT_PATH))
		return;
	task = bpf_get_current_task_btf();
	if (settings.trace_all && task->tgid == settings.self_tgid)
		return;
	abi = abi_of(task, false);
	/* A thread being killed never returns to its caller, and strace never sees the return: its call
	 * stays unfinished, "= ?", as the missing exit record leaves it. */
	if (task->pending.signal.sig[0] & (1ULL << (SYSREC_SIGKILL - 1)))
		return;
	if (settings.filter_syscalls && id >= 0 && !kept_by_filter(id, abi))
		return;
	spec = decode_spec_of(id, abi);
	retry = spec && take_retry(task->pid);
	if (spec && (spec->exit_ops || retry)) {
		__u32 size;

		s = scratch_of_this_cpu();
		if (!s) {
			count_drop();
			return;
		}
		rec = (struct exit_record *)s->buf;
		fill_header(&rec->header, task, id, SYSREC_DECODE_EXIT, abi);
		rec->ret = ret;
		size = add_captures(s, regs, spec->exit, spec->exit_ops, sizeof(*rec), abi, ret, ret < 0 && ret >= -MAX_ERRNO, 0);
		if (retry)
			size = add_captures(s, regs, spec->entry, spec->entry_ops, size, abi, ret, false, SYSREC_CAPTURE_RETRIED);
		send_built(s, size);
		return;
	}
	rec = reserve(sizeof(*rec));
	if (!rec)
		return;
	fill_header(&rec->header, task, id, SYSREC_DECODE_EXIT, abi);
	rec->ret = ret;
	submit(rec, sizeof(*rec));
}

/* An exec's strings, from what it copied: the file from bprm, argv from the new stack's argument area
 * (one string after another; the task holds the new mm, bprm no longer), the environment's count from
 * bprm. */
struct exec_build {
	struct build b;
	struct linux_binprm *bprm;
};

static long capture_exec_argument(__u32 i, void *ctx)
{
	struct build *b = ctx;
	struct string_walk *walk = &b->s->walk.strings;
	struct string_array_entry *entry;
	bool truncated = false;
	long len;

	if (i >= walk->keep || i >= walk->count)
		return 1;
	entry = (struct string_array_entry *)at(b, walk->next);
	len = read_string(b, walk->next + sizeof(*entry), (const void *)walk->array, at_most(walk->cap, SYSREC_ARGV_STRING_MAX), &truncated);
	if (len < 0)
		return 1;
	entry->length = len;
	entry->flags = truncated ? SYSREC_CAPTURE_TRUNCATED : 0;
	entry->reserved = 0;
	walk->next += sizeof(*entry) + at_most(len, SYSREC_ARGV_STRING_MAX);
	if (truncated) {
		/* The next string starts after this one's end: its whole length, read into the buffer's spare end
		 * (past where any record's item reaches). One longer than that ends the strings. */
		len = bpf_probe_read_user_str(b->s->buf + SYSREC_DECODE_SPARE, SYSREC_DECODE_ITEM_MAX, (const void *)walk->array);
		if (len <= 0 || len >= SYSREC_DECODE_ITEM_MAX)
			return 1;
		walk->array += len;
		return 0;
	}
	walk->array += len + 1;
	return 0;
}

static __always_inline void capture_exec_strings(struct build *b, const struct decode_op *op, struct linux_binprm *bprm)
{
	struct capture_item *item = begin_item(b, op);
	__u32 payload = payload_start(b);
	struct string_walk *walk = &b->s->walk.strings;

	walk->count = op->max_count ? BPF_CORE_READ(bprm, argc) : BPF_CORE_READ(bprm, envc);
	walk->keep = at_most(snapped(op->max_count), SYSREC_ARGV_MAX);
	walk->cap = at_most(at_most(op->element_size, settings.snaplen), SYSREC_ARGV_STRING_MAX);
	walk->array = BPF_CORE_READ(bpf_get_current_task_btf(), mm, arg_start);
	walk->next = payload + sizeof(__u32);
	*(__u32 *)at(b, payload) = walk->count;
	if (walk->keep)
		bpf_loop(SYSREC_ARGV_MAX, capture_exec_argument, b, 0);
	item->full = walk->next - payload;
	end_item(b, item, at_most(walk->next - payload, SYSREC_DECODE_ITEM_MAX + SYSREC_ARGV_MAX * SYSREC_ARGV_STRING_MAX));
}

static __always_inline void capture_exec_file(struct build *b, const struct decode_op *op, struct linux_binprm *bprm)
{
	struct capture_item *item = begin_item(b, op);
	__u32 cap = at_most(snapped(op->cap), SYSREC_DECODE_ITEM_MAX);
	bool truncated = false;
	long len = read_any_string(b, payload_start(b), BPF_CORE_READ(bprm, filename), cap, &truncated, true);

	if (len < 0) {
		item->flags = SYSREC_CAPTURE_UNREADABLE;
		end_item(b, item, 0);
		return;
	}
	item->flags = truncated ? SYSREC_CAPTURE_TRUNCATED : 0;
	item->full = truncated ? cap + 1 : len;
	end_item(b, item, at_most(len, SYSREC_DECODE_ITEM_MAX));
}

static __always_inline __u64 exec_argument(struct linux_binprm *bprm, const struct decode_op *op, __u32 abi)
{
	__u64 word = abi == SYSREC_ABI_I386 ? 4 : 8;
	/* bprm->p is the new stack pointer, at argc. */
	__u64 argv = BPF_CORE_READ(bprm, p) + word;

	if (op->kind == SYSREC_CAPTURE_STRING)
		return BPF_CORE_READ(bpf_get_current_task_btf(), mm, env_end);
	return op->max_count ? argv : argv + word * (BPF_CORE_READ(bprm, argc) + 1);
}

static long capture_exec_op(__u32 index, void *ctx)
{
	struct exec_build *exec = ctx;
	struct build *b = &exec->b;
	const struct decode_op *op;
	__u64 i = index;

	barrier_var(i);
	if (i >= SYSREC_DECODE_OPS || b->s->pos >= SYSREC_DECODE_ROOM)
		return 1;
	op = &b->ops[i];
	if (op->kind == SYSREC_CAPTURE_STRING)
		capture_exec_file(b, op, exec->bprm);
	else if (op->kind == SYSREC_CAPTURE_STRING_ARRAY)
		capture_exec_strings(b, op, exec->bprm);
	else
		return 0;
	/* The exec has cleared the registers: the arguments are where the new stack holds their copies, the
	 * file after the environment, argv and envp arrays above argc. */
	if (op->argument < 6)
		((struct enter_record *)b->s->buf)->args[op->argument & 7] = exec_argument(exec->bprm, op, b->abi);
	return 0;
}

/* At sched_process_exec, the exec's entry as an enter record of `type`: SYSREC_DECODE_ENTER for a task
 * traced from this exec on, SYSREC_DECODE_REREAD (captures marked SYSREC_CAPTURE_RETRIED) for one whose
 * entry captures could not all be read. */
static void record_exec_call(struct task_struct *task, struct linux_binprm *bprm, __u32 type)
{
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
	__u32 abi = abi_of(task, false);
	long id = syscall_at_exit(regs);
	struct decode_spec *spec = decode_spec_of(id, abi);
	struct decode_scratch *s = scratch_of_this_cpu();
	struct enter_record *rec;
	struct exec_build exec = { .bprm = bprm };

	if (!s || !spec) {
		count_drop();
		return;
	}
	rec = (struct enter_record *)s->buf;
	fill_enter(rec, task, regs, id, abi);
	rec->header.type = type;
	exec.b.s = s;
	exec.b.regs = regs;
	exec.b.ops = spec->entry;
	exec.b.abi = abi;
	exec.b.mark = type == SYSREC_DECODE_REREAD ? SYSREC_CAPTURE_RETRIED : 0;
	s->pos = sizeof(*rec);
	bpf_loop(spec->entry_ops, capture_exec_op, &exec, 0);
	send_built(s, s->pos);
}

/* Whether a task that is not making a syscall now (a fork's parent, an exiting task, a signal's
 * target) is traced. */
static __always_inline bool decoding_task(struct task_struct *task)
{
	bool traced = settings.trace_all ? task->tgid != settings.self_tgid
					 : tid_traced(task->pid) && relevance_of(task, false, BY_SETTINGS);

	return traced && (!settings.cgroup_count || in_selected_cgroup(task, BY_SETTINGS));
}

static void record_fork(struct task_struct *parent, struct task_struct *child)
{
	struct fork_event *event = reserve(sizeof(*event));

	if (!event)
		return;
	fill_header(&event->header, parent, 0, SYSREC_DECODE_FORK, SYSREC_ABI_NATIVE);
	event->child_pid = child->tgid;
	event->child_tid = child->pid;
	event->shares_files = child->files == parent->files;
	event->reserved = 0;
	submit(event, sizeof(*event));
}

static void record_task_exit(struct task_struct *task)
{
	struct task_exit_event *event = reserve(sizeof(*event));

	if (!event)
		return;
	fill_header(&event->header, task, 0, SYSREC_DECODE_TASK_EXIT, SYSREC_ABI_NATIVE);
	event->exit_code = task->exit_code;
	/* do_exit has counted this thread out of signal->live already. */
	event->group_dead = task->signal->live.counter == 0;
	submit(event, sizeof(*event));
}

static void record_signal(struct task_struct *task, int sig, struct kernel_siginfo *info, __u32 handler)
{
	struct signal_event *event = reserve(sizeof(*event));
	int *fields;

	if (!event)
		return;
	fill_header(&event->header, task, 0, SYSREC_DECODE_SIGNAL, SYSREC_ABI_NATIVE);
	event->handler = handler;
	event->reserved = 0;
	__builtin_memset(event->siginfo, 0, sizeof(event->siginfo));
	fields = (int *)event->siginfo;
	/* SEND_SIG_NOINFO (0) and SEND_SIG_PRIV (1) are not siginfos: a kill from user space, or the kernel's own. */
	if ((unsigned long)info > 1) {
		bpf_probe_read_kernel(event->siginfo, sizeof(event->siginfo), info);
	} else {
		struct task_struct *sender = bpf_get_current_task_btf();

		fields[0] = sig;
		fields[2] = info ? SYSREC_SI_KERNEL : SYSREC_SI_USER;
		if (!info) {
			fields[4] = sender->tgid;
			fields[5] = (__u32)bpf_get_current_uid_gid();
		}
	}
	submit(event, sizeof(*event));
}

/* ---------------------------------------------------------------- programs
 * Each tracepoint's program is written once, as an on_* body, and loaded as one of its twins: tp_btf, or
 * where tp_btf is missing or the kernel predates BPF callbacks (5.13), raw_tp, compat: it reads the
 * tracepoint's pointers by probe reads (core_reads, tid_tables set), and names no callback, so it
 * neither decodes nor calls bpf_loop. The syscall programs have a third twin, the tp_btf one with
 * path, so that the default one reads no fallback setting (see "fallbacks"). */

static __always_inline int on_sys_enter(struct pt_regs *regs, long id, int path)
{
	__s32 prog_index = SYSREC_NO_PROG;
	__u64 run_key = 0;
	struct syscall_record *rec;
	struct task_struct *task;
	struct pt_regs copy;
	__u8 positions = 0;
	__u64 size;
	__u32 abi;

	if (JUDGED_PER_THREAD && !traced_thread(thread_key(regs, path), &prog_index, &run_key, path))
		return 0;
	task = current_task(path);
	if (settings.trace_all && FIELD(path, task, tgid) == settings.self_tgid)
		return 0;
	abi = abi_of(task, path);
	if (settings.filter_syscalls && !kept_by_filter(id, abi))
		return 0;
	if (path != COMPAT && settings.capture_decode) {
		decode_enter(task, regs, id, abi);
		return 0;
	}
	/* A raw tracepoint's registers are only an address: read once, where a traced call needs them. */
	if (path == COMPAT) {
		if (bpf_probe_read_kernel(&copy, sizeof(copy), regs))
			return 0;
		regs = &copy;
	}
	if (settings.capture_paths)
		positions = path_positions(id, abi);

	if (settings.capture_exit) {
		struct pending_call *pending = pending_call_of(task, true, path);

		if (!pending || (positions && !hold_paths(task, regs, abi, positions, path))) {
			count_drop();
			return 0;
		}
		fill(&pending->rec, task, regs, id, prog_index, abi, run_key, path);
		pending->has_paths = positions != 0;
		pending->valid = 1;
		return 0;
	}
	if (positions) {
		record_with_paths(task, regs, id, prog_index, abi, run_key, positions, path);
		return 0;
	}

	size = settings.capture_args ? SYSREC_RECORD_SIZE_WITHOUT_EXIT : SYSREC_RECORD_SIZE_WITHOUT_ARGS;
	rec = reserve(size);
	if (!rec)
		return 0;
	fill(rec, task, regs, id, prog_index, abi, run_key, path);
	submit(rec, size);
	return 0;
}

/* raw_syscalls:sys_enter, attached through BTF: no tracefs needed, no copy of the
 * tracepoint's fields, the registers read in place. */
SEC("tp_btf/sys_enter")
int BPF_PROG(record_sys_enter, struct pt_regs *regs, long id)
{
	return on_sys_enter(regs, id, DEFAULT_PATH);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(record_sys_enter_fallback, struct pt_regs *regs, long id)
{
	return on_sys_enter(regs, id, BY_SETTINGS);
}

SEC("raw_tp/sys_enter")
int BPF_PROG(record_sys_enter_compat, struct pt_regs *regs, long id)
{
	return on_sys_enter(regs, id, COMPAT);
}

static __always_inline int on_sys_exit(struct pt_regs *regs, long ret, int path)
{
	struct task_struct *task;
	struct pending_call *pending;

	if (path != COMPAT && settings.capture_decode) {
		decode_exit(regs, ret);
		return 0;
	}
	task = current_task(path);
	pending = pending_call_of(task, false, path);
	if (pending && pending->valid)
		complete(task, pending, ret, bpf_ktime_get_ns() - pending->rec.timestamp_ns, path);
	return 0;
}

/* raw_syscalls:sys_exit, loaded only with capture_exit or capture_decode: any program here makes every
 * syscall's return slower, traced or not. */
SEC("tp_btf/sys_exit")
int BPF_PROG(record_sys_exit, struct pt_regs *regs, long ret)
{
	return on_sys_exit(regs, ret, DEFAULT_PATH);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(record_sys_exit_fallback, struct pt_regs *regs, long ret)
{
	return on_sys_exit(regs, ret, BY_SETTINGS);
}

SEC("raw_tp/sys_exit")
int BPF_PROG(record_sys_exit_compat, struct pt_regs *regs, long ret)
{
	return on_sys_exit(regs, ret, COMPAT);
}

/* Loaded only with capture_decode: the --- SIGCHLD {...} --- lines. A signal the task catches or takes
 * the default action for comes here as it is delivered; SIGKILL at a group exit comes without a siginfo
 * and strace shows no line for it. */
SEC("tp_btf/signal_deliver")
int BPF_PROG(record_signal_delivery, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u64 handler;

	if (!info || !decoding_task(task))
		return 0;
	handler = (__u64)BPF_CORE_READ(ka, sa.sa_handler);
	record_signal(task, sig, info, handler == 0 ? SYSREC_HANDLER_DEFAULT : handler == 1 ? SYSREC_HANDLER_IGNORE : SYSREC_HANDLER_CATCH);
	return 0;
}

/* Loaded only with capture_decode. A signal the task ignores is dropped where it is generated, so it is
 * never delivered; strace, whose tracees get every signal, shows it all the same (a SIGCHLD nobody
 * handles), so it is recorded here. One sent to a process that is already dying is not. */
SEC("tp_btf/signal_generate")
int BPF_PROG(record_ignored_signal, int sig, struct kernel_siginfo *info, struct task_struct *task, int group, int result)
{
	if (result != SYSREC_TRACE_SIGNAL_IGNORED || (task->flags & SYSREC_PF_EXITING) ||
	    (task->signal->flags & SYSREC_SIGNAL_GROUP_EXIT) || !decoding_task(task))
		return 0;
	record_signal(task, sig, info, SYSREC_HANDLER_IGNORE);
	return 0;
}

static __always_inline int on_fork(struct task_struct *parent, struct task_struct *child, int path)
{
	struct relevance *from;

	if (settings.trace_all) {
		/* The child's verdict is made afresh even where it takes over the kernel stack of a thread
		 * that ended (judged outside the cgroups, or in them): under '*' nothing else moves the epoch. */
		if (settings.cgroup_count)
			announce_change();
		if (path != COMPAT && settings.capture_decode && decoding_task(parent))
			record_fork(parent, child);
		return 0;
	}
	from = relevance_of(parent, false, path);
	if (!from)
		return 0;
	mark(child, from->prog_index, path);
	if (path != COMPAT && settings.capture_decode)
		record_fork(parent, child);
	return 0;
}

/* A new thread or child process runs the same program as its parent, so it inherits the
 * parent's relevance; the tracepoint fires before the child can run. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(inherit_on_fork, struct task_struct *parent, struct task_struct *child)
{
	return on_fork(parent, child, BY_SETTINGS);
}

SEC("raw_tp/sched_process_fork")
int BPF_PROG(inherit_on_fork_compat, struct task_struct *parent, struct task_struct *child)
{
	return on_fork(parent, child, COMPAT);
}

static __always_inline int on_exit(struct task_struct *task, int path)
{
	if (path != COMPAT && settings.capture_decode && decoding_task(task)) {
		record_task_exit(task);
		/* Not left for a thread that takes the id next. */
		take_retry(task->pid);
	}
	if (settings.capture_exit) {
		struct pending_call *pending = pending_call_of(task, false, path);

		if (pending && pending->valid)
			complete(task, pending, 0, SYSREC_NEVER_RETURNED, path);
		/* Task storage goes with the task; a tid table's entries go here. */
		if (tid_tables(path)) {
			tid_entry_delete(&pending_calls_by_tid, task, path);
			if (settings.capture_paths)
				tid_entry_delete(&pending_paths_by_tid, task, path);
		}
	}
	if (!settings.trace_all)
		release(task, path);
	return 0;
}

/* Loaded only with cgroup_count: a task moved to another cgroup is judged again on its next syscall. */
SEC("tp_btf/cgroup_attach_task")
int BPF_PROG(judge_again_on_move, struct cgroup *dst_cgrp, const char *path, struct task_struct *task, bool threadgroup)
{
	announce_change();
	return 0;
}

SEC("raw_tp/cgroup_attach_task")
int BPF_PROG(judge_again_on_move_compat, struct cgroup *dst_cgrp, const char *path, struct task_struct *task, bool threadgroup)
{
	announce_change();
	return 0;
}

/* The storage would go with the task anyway; releasing it here keeps the count of live traced
 * tasks exact while zombies wait to be reaped. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(release_on_exit, struct task_struct *task)
{
	return on_exit(task, BY_SETTINGS);
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(release_on_exit_compat, struct task_struct *task)
{
	return on_exit(task, COMPAT);
}

static __always_inline int on_exec(struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm, int path)
{
	bool decoding = path != COMPAT && settings.capture_decode;
	bool traced_before = settings.trace_all || (decoding && relevance_of(task, false, path));

	if (!settings.trace_all && !traced_after_exec(task, bprm, path))
		return 0;
	if (settings.cgroup_count && !in_selected_cgroup(task, path))
		return 0;
	if (settings.exec_events)
		record_exec(task, bprm, path);
	/* With --decode: a task traced from this exec on had its exec's entry missed, and one traced before
	 * may have had its strings unreadable; both are read here, from what the exec copied. */
	if (decoding && !traced_before)
		record_exec_call(task, bprm, SYSREC_DECODE_ENTER);
	else if (decoding && take_retry(old_pid))
		record_exec_call(task, bprm, SYSREC_DECODE_REREAD);
	return 0;
}

/* sched_process_exec fires only once an exec has succeeded, whether it came from execve or
 * execveat, so a failed exec of a listed name marks nothing. By then the exec'ing thread is
 * the only one left in its process, and the comm is the new program's. */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(mark_on_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	return on_exec(task, old_pid, bprm, BY_SETTINGS);
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(mark_on_exec_compat, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	return on_exec(task, old_pid, bprm, COMPAT);
}
