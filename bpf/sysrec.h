/* The one definition of what crosses between the BPF program and sysrec.
 * src/Sysrec/Kernel/{SyscallRecord,SysrecConfig,TracerStats}.cs mirror these structs and C# constants
 * the #defines; tests check the structs against the BTF of the compiled object and the constants
 * against this header (tests/Sysrec.Tests/Layout), so change both sides together. */
#ifndef SYSREC_H
#define SYSREC_H

#define SYSREC_COMM_LEN 16        /* TASK_COMM_LEN: the kernel's comm is never longer */
#define SYSREC_NAME_LEN 256       /* NAME_MAX + 1: any basename fits whole */
#define SYSREC_PATH_LEN 4096      /* PATH_MAX: the exec'd path is read whole to find its basename */
#define SYSREC_MAX_NAMES 65536    /* capacity of the program-name list */
#define SYSREC_MAX_TID (4 << 20)  /* PID_MAX_LIMIT on 64-bit: no thread id reaches it */
/* The ring buffer's size unless the loader sets another before load (sysrec's --buffer-size). */
#define SYSREC_DEFAULT_RING_BYTES (16 << 20)

/* A path argument is kept up to this many bytes, its NUL included; a longer one is cut. */
#define SYSREC_ARG_PATH_LEN 256
/* At most this many path arguments per syscall (rename, link, mount, ... take two). */
#define SYSREC_MAX_PATH_ARGS 2
/* path_arg.len of a pointer that could not be read: NULL, bad, or in a page not yet faulted in. */
#define SYSREC_PATH_UNREADABLE (-1)

/* prog_index of a task that no list entry selected: trace-all, --pid, launch mode, --follow. */
#define SYSREC_NO_PROG (-1)

/* Slots of the per-syscall maps (the -e filter, the path argument positions): abi * SYSREC_FILTER_NUMBERS + nr,
 * for syscall numbers below 1024. */
#define SYSREC_FILTER_NUMBERS 1024
#define SYSREC_FILTER_SLOTS (2 * SYSREC_FILTER_NUMBERS)

/* Which syscall table syscall_id belongs to. */
#define SYSREC_ABI_NATIVE 0       /* the kernel's own: x86_64 on x86_64 */
#define SYSREC_ABI_I386 1         /* a 32-bit process, or int 0x80 from 64-bit code */

/* The arguments and the return come last and only when asked for (capture_args, capture_exit):
 * without them a record is half the size, which is half the memory traffic between the CPU making
 * the syscall and the one reading the ring buffer. The record's length tells which are present. */
struct syscall_record {
	__u64 timestamp_ns;           /* CLOCK_MONOTONIC (bpf_ktime_get_ns) at syscall entry */
	__s64 syscall_id;
	__u32 pid;                    /* thread group id: the pid that ps shows */
	__u32 tid;                    /* the thread that made the call */
	__s32 prog_index;             /* index of the matching name in the list, or SYSREC_NO_PROG */
	__u32 abi;                    /* SYSREC_ABI_* */
	char comm[SYSREC_COMM_LEN];   /* task comm at the moment of the call, NUL-padded */
	__u64 args[6];                /* present when capture_args */
	__s64 ret;                    /* present when capture_exit: the raw return, -errno on failure */
	__u64 duration_ns;            /* present when capture_exit: entry to return, or SYSREC_NEVER_RETURNED */
};

/* syscall_id of an exec event: a task that is traced from now on exec'd the file in paths.arg[0].
 * Outside the int range every syscall number is in. */
#define SYSREC_EXEC_EVENT (-(1LL << 32))

/* One path argument as read at syscall entry. */
struct path_arg {
	__s16 len;                    /* bytes of str, its NUL not counted, or SYSREC_PATH_UNREADABLE */
	__u16 truncated;              /* 1: the path is longer, str holds its first SYSREC_ARG_PATH_LEN - 1 bytes */
	char str[SYSREC_ARG_PATH_LEN];
};

struct path_args {
	__u32 count;                  /* path arguments the syscall takes, in argument order */
	struct path_arg arg[SYSREC_MAX_PATH_ARGS];
};

/* With capture_paths, a syscall that takes paths (marked in the path_arg_positions map) is recorded as
 * this, and so is an exec event: told from a plain record by its length. The call part is whole
 * (args, ret and duration_ns), whether or not capture_exit filled the last two. */
struct path_record {
	struct syscall_record call;
	struct path_args paths;
};

#define SYSREC_RECORD_SIZE_WITHOUT_ARGS __builtin_offsetof(struct syscall_record, args)
#define SYSREC_RECORD_SIZE_WITHOUT_EXIT __builtin_offsetof(struct syscall_record, ret)
/* duration_ns of a call that never returned: exit, exit_group, or a thread ended meanwhile. */
#define SYSREC_NEVER_RETURNED (~0ULL)

/* Settings fixed before load; the BPF program reads them as constants, so the verifier
 * drops the branches a setting rules out. */
struct sysrec_config {
	__u64 wakeup_bytes;           /* the reader is woken once per this many bytes of records; a power of two */
	__u32 self_tgid;              /* the recorder itself, never recorded */
	__u8 trace_all;               /* every process is relevant ('*') */
	__u8 follow;                  /* a traced task stays traced whatever it execs */
	__u8 trace_launched;          /* a program the recorder itself execs is traced (sysrec run) */
	__u8 capture_args;            /* records carry the six arguments */
	__u8 filter_syscalls;         /* only syscalls marked in the syscall_filter map are recorded */
	__u8 capture_exit;            /* a syscall is recorded when it returns, with its return and duration
	                                 (needs capture_args) */
	__u8 capture_paths;           /* syscalls that take paths carry them (needs capture_args) */
	__u8 exec_events;             /* an exec that leaves a task traced is written as a SYSREC_EXEC_EVENT */
};

/* Counters kept by the BPF program, one copy per CPU; the loader sums them. Updated atomically all
 * the same: a preemptible kernel may run two programs on one CPU interleaved. */
struct sysrec_stats {
	__u64 dropped;                /* records that found the ring buffer full */
	__u64 tasks_marked;           /* tasks that became traced in the kernel */
	__u64 tasks_released;         /* traced tasks that exited or exec'd an unlisted program */
};

#endif
