// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
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

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, SYSREC_DEFAULT_RING_BYTES);
} records SEC(".maps");

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

static void mark(struct task_struct *task, __s32 prog_index)
{
	struct relevance *relevant = bpf_task_storage_get(&relevance_cache, task, 0, 0);
	__u64 *bits = tid_word(task->pid);
	struct sysrec_stats *counters;

	if (bits)
		__sync_fetch_and_or(bits, 1ULL << (task->pid & 63));
	if (!relevant) {
		relevant = bpf_task_storage_get(&relevance_cache, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (!relevant)
			return;
		counters = my_stats();
		if (counters)
			__sync_fetch_and_add(&counters->tasks_marked, 1);
	}
	relevant->prog_index = prog_index;
	announce_change();
}

static void release(struct task_struct *task)
{
	__u64 *bits = tid_word(task->pid);
	struct sysrec_stats *counters;

	if (bits)
		__sync_fetch_and_and(bits, ~(1ULL << (task->pid & 63)));
	if (bpf_task_storage_delete(&relevance_cache, task) != 0)
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

/* The list entry for the basename of the path an exec named, or NULL. */
static __u32 *listed_index(struct linux_binprm *bprm)
{
	__u32 zero = 0;
	struct exec_scratch *s = bpf_map_lookup_elem(&scratch, &zero);
	struct basename_search search;
	long len;

	if (!s)
		return NULL;
	len = bpf_probe_read_kernel_str(s->path, sizeof(s->path), bprm->filename);
	if (len <= 0)
		return NULL;
	search.path = s->path;
	search.start = 0;
	bpf_loop(len, note_separator, &search, 0);

	__builtin_memset(s->name, 0, sizeof(s->name));
	bpf_probe_read_kernel_str(s->name, sizeof(s->name), s->path + (search.start & (SYSREC_PATH_LEN - 1)));
	return bpf_map_lookup_elem(&progs, s->name);
}

/* A new thread or child process runs the same program as its parent, so it inherits the
 * parent's relevance; the tracepoint fires before the child can run. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(inherit_on_fork, struct task_struct *parent, struct task_struct *child)
{
	struct relevance *from;

	if (settings.trace_all)
		return 0;
	from = bpf_task_storage_get(&relevance_cache, parent, 0, 0);
	if (from)
		mark(child, from->prog_index);
	return 0;
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
static bool traced_after_exec(struct task_struct *task, struct linux_binprm *bprm)
{
	__u32 *index;

	if (settings.trace_launched && BPF_CORE_READ(task, real_parent, tgid) == settings.self_tgid) {
		mark(task, SYSREC_NO_PROG);
		return true;
	}
	index = listed_index(bprm);
	if (index) {
		mark(task, *index);
		return true;
	}
	if (!settings.follow) {
		release(task);
		return false;
	}
	return bpf_task_storage_get(&relevance_cache, task, 0, 0) != NULL;
}

/* Room for a record in the ring buffer, or NULL, counted as a drop. */
static __always_inline void *reserve(__u64 size)
{
	void *rec = bpf_ringbuf_reserve(&records, size, 0);

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

/* An exec that leaves a task traced, with the file it exec'd as given to exec. */
static void record_exec(struct task_struct *task, struct linux_binprm *bprm)
{
	struct path_record *rec = reserve(sizeof(*rec));

	if (!rec)
		return;
	rec->call.timestamp_ns = bpf_ktime_get_ns();
	rec->call.syscall_id = SYSREC_EXEC_EVENT;
	rec->call.pid = task->tgid;
	rec->call.tid = task->pid;
	rec->call.prog_index = SYSREC_NO_PROG;
	rec->call.abi = SYSREC_ABI_NATIVE;
	__builtin_memcpy(rec->call.comm, task->comm, sizeof(rec->call.comm));
	rec->paths.count = 1;
	read_path(&rec->paths.arg[0], bprm->filename, false);
	submit(rec, sizeof(*rec));
}

/* sched_process_exec fires only once an exec has succeeded, whether it came from execve or
 * execveat, so a failed exec of a listed name marks nothing. By then the exec'ing thread is
 * the only one left in its process, and the comm is the new program's. */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(mark_on_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	if ((settings.trace_all || traced_after_exec(task, bprm)) && settings.exec_events)
		record_exec(task, bprm);
	return 0;
}

/* complete() for a call whose paths hold_paths() kept at its entry. */
static void complete_with_paths(struct task_struct *task, struct pending_call *pending, __s64 ret, __u64 duration_ns)
{
	struct path_args *paths = bpf_task_storage_get(&pending_paths, task, 0, 0);
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
static void complete(struct task_struct *task, struct pending_call *pending, __s64 ret, __u64 duration_ns)
{
	struct syscall_record *rec;

	pending->valid = 0;
	if (settings.capture_paths && pending->has_paths) {
		complete_with_paths(task, pending, ret, duration_ns);
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

/* The storage would go with the task anyway; releasing it here keeps the count of live traced
 * tasks exact while zombies wait to be reaped. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(release_on_exit, struct task_struct *task)
{
	if (settings.capture_exit) {
		struct pending_call *pending = bpf_task_storage_get(&pending_calls, task, 0, 0);

		if (pending && pending->valid)
			complete(task, pending, 0, SYSREC_NEVER_RETURNED);
	}
	if (!settings.trace_all)
		release(task);
	return 0;
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

static __always_inline void fill(struct syscall_record *rec, struct task_struct *task, struct pt_regs *regs, long id, __s32 prog_index, __u32 abi)
{
	rec->timestamp_ns = bpf_ktime_get_ns();
	rec->syscall_id = id;
	if (settings.capture_args) {
#pragma unroll
		for (int i = 0; i < 6; i++)
			rec->args[i] = syscall_arg(regs, abi, i);
	}
	/* Read from the task the program already holds: on CPUs with retpolines every helper call
	 * costs more than these loads. */
	rec->pid = task->tgid;
	rec->tid = task->pid;
	rec->prog_index = prog_index;
	rec->abi = abi;
	__builtin_memcpy(rec->comm, task->comm, sizeof(rec->comm));
}

/* With capture_paths and without capture_exit: a call that takes paths, recorded with them. */
static void record_with_paths(struct task_struct *task, struct pt_regs *regs, long id, __s32 prog_index, __u32 abi, __u8 positions)
{
	struct path_record *rec = reserve(sizeof(*rec));

	if (!rec)
		return;
	fill(&rec->call, task, regs, id, prog_index, abi);
	read_paths(&rec->paths, regs, abi, positions);
	submit(rec, sizeof(*rec));
}

/* With capture_exit: the paths of a call wait for its return in pending_paths. */
static bool hold_paths(struct task_struct *task, struct pt_regs *regs, __u32 abi, __u8 positions)
{
	struct path_args *paths = bpf_task_storage_get(&pending_paths, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!paths)
		return false;
	read_paths(paths, regs, abi, positions);
	return true;
}

/* Whether the thread that made this syscall is traced, and for which list entry, judged once per run of
 * syscalls on a CPU (see struct verdict). */
static bool traced_thread(struct pt_regs *regs, __s32 *prog_index)
{
	__u32 zero = 0;
	struct verdict *verdict = bpf_map_lookup_elem(&verdicts, &zero);
	__u64 *current_epoch = epoch();
	__u64 thread = (__u64)regs - (__u64)&settings;
	struct task_struct *task;
	struct relevance *relevant;
	__u64 seen_epoch;

	if (!verdict || !current_epoch)
		return false;
	seen_epoch = *current_epoch;
	if (verdict->thread == thread && verdict->epoch == seen_epoch) {
		*prog_index = verdict->prog_index;
		return verdict->traced;
	}
	/* The bit rules out most threads at the cost of one array read; the task storage is the truth. */
	task = bpf_get_current_task_btf();
	relevant = NULL;
	if (tid_traced(task->pid) && task->tgid != settings.self_tgid)
		relevant = bpf_task_storage_get(&relevance_cache, task, 0, 0);
	verdict->thread = thread;
	verdict->epoch = seen_epoch;
	verdict->traced = relevant != NULL;
	verdict->prog_index = relevant ? relevant->prog_index : SYSREC_NO_PROG;
	*prog_index = verdict->prog_index;
	return verdict->traced;
}

/* raw_syscalls:sys_enter, attached through BTF: no tracefs needed, no copy of the
 * tracepoint's fields, the registers read in place. */
SEC("tp_btf/sys_enter")
int BPF_PROG(record_sys_enter, struct pt_regs *regs, long id)
{
	__s32 prog_index = SYSREC_NO_PROG;
	struct syscall_record *rec;
	struct task_struct *task;
	__u8 positions = 0;
	__u64 size;
	__u32 abi;

	if (!settings.trace_all && !traced_thread(regs, &prog_index))
		return 0;
	task = bpf_get_current_task_btf();
	if (settings.trace_all && task->tgid == settings.self_tgid)
		return 0;
#if defined(__TARGET_ARCH_x86)
	abi = task->thread_info.status & X86_TS_COMPAT ? SYSREC_ABI_I386 : SYSREC_ABI_NATIVE;
#else
	abi = SYSREC_ABI_NATIVE;
#endif
	if (settings.filter_syscalls) {
		__u32 slot = abi * SYSREC_FILTER_NUMBERS + (__u32)id;
		__u8 *wanted;

		if (id < 0 || id >= SYSREC_FILTER_NUMBERS)
			return 0;
		wanted = bpf_map_lookup_elem(&syscall_filter, &slot);
		if (!wanted || !*wanted)
			return 0;
	}
	if (settings.capture_paths)
		positions = path_positions(id, abi);

	if (settings.capture_exit) {
		struct pending_call *pending =
			bpf_task_storage_get(&pending_calls, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

		if (!pending || (positions && !hold_paths(task, regs, abi, positions))) {
			count_drop();
			return 0;
		}
		fill(&pending->rec, task, regs, id, prog_index, abi);
		pending->has_paths = positions != 0;
		pending->valid = 1;
		return 0;
	}
	if (positions) {
		record_with_paths(task, regs, id, prog_index, abi, positions);
		return 0;
	}

	size = settings.capture_args ? SYSREC_RECORD_SIZE_WITHOUT_EXIT : SYSREC_RECORD_SIZE_WITHOUT_ARGS;
	rec = reserve(size);
	if (!rec)
		return 0;
	fill(rec, task, regs, id, prog_index, abi);
	submit(rec, size);
	return 0;
}

/* raw_syscalls:sys_exit, loaded only with capture_exit: any program here makes every syscall's
 * return slower, traced or not. */
SEC("tp_btf/sys_exit")
int BPF_PROG(record_sys_exit, struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pending_call *pending = bpf_task_storage_get(&pending_calls, task, 0, 0);

	if (pending && pending->valid)
		complete(task, pending, ret, bpf_ktime_get_ns() - pending->rec.timestamp_ns);
	return 0;
}
