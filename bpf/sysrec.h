/* The one definition of what crosses between the BPF program and sysrec.
 * src/Sysrec/Kernel/ mirrors these structs (SyscallRecord, SysrecConfig, TracerStats, the decode records)
 * and C# constants the #defines; tests check the structs against the BTF of the compiled object and the
 * constants against this header (tests/Sysrec.Tests/Layout), so change both sides together. */
#ifndef SYSREC_H
#define SYSREC_H

#define SYSREC_COMM_LEN 16        /* TASK_COMM_LEN: the kernel's comm is never longer */
#define SYSREC_NAME_LEN 256       /* NAME_MAX + 1: any basename fits whole */
#define SYSREC_PATH_LEN 4096      /* PATH_MAX: the exec'd path is read whole to find its basename */
#define SYSREC_MAX_NAMES 65536    /* capacity of the program-name list */
#define SYSREC_MAX_TID (4 << 20)  /* PID_MAX_LIMIT on 64-bit: no thread id reaches it */
/* Threads the tid tables hold at once: the state task storage keeps, on kernels without it. */
#define SYSREC_MAX_TABLE_THREADS 65536
/* The unit of a tid table entry's start time: a clock tick (1 / USER_HZ), as /proc/PID/stat gives it to
 * the loader, which marks running threads too. */
#define SYSREC_START_TICK_NS 10000000
/* The ring buffers' size, all CPUs' together, unless the loader is given another (sysrec's --buffer-size). */
#define SYSREC_DEFAULT_RING_BYTES (32 << 20)

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

/* Who made the call, the arguments and the return come last and only when asked for (capture_args,
 * capture_exit): without them a record is 48 bytes, its size in the design's text recording, which is
 * the memory traffic between the CPU making the syscall and the one reading the ring buffer. The
 * record's length tells which are present. */
struct syscall_record {
	__u64 timestamp_ns;           /* CLOCK_MONOTONIC (bpf_ktime_get_ns) at syscall entry; without capture_time
	                                 the run's key, which orders the records of the CPUs' rings alone */
	__s64 syscall_id;
	__u32 pid;                    /* thread group id: the pid that ps shows */
	__u32 tid;                    /* the thread that made the call */
	__s32 prog_index;             /* index of the matching name in the list, or SYSREC_NO_PROG */
	__u32 abi;                    /* SYSREC_ABI_* */
	char comm[SYSREC_COMM_LEN];   /* task comm at the moment of the call, NUL-padded */
	__u32 uid;                    /* present when capture_args: the caller's real uid and gid, as */
	__u32 gid;                    /* bpf_get_current_uid_gid gives them */
	__u64 cgroup_id;              /* present when capture_args: its cgroup v2 id (the inode of the cgroup's directory),
	                                 as bpf_get_current_cgroup_id gives it */
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

#define SYSREC_RECORD_SIZE_WITHOUT_ARGS __builtin_offsetof(struct syscall_record, uid)
#define SYSREC_RECORD_SIZE_WITHOUT_EXIT __builtin_offsetof(struct syscall_record, ret)
/* duration_ns of a call that never returned: exit, exit_group, or a thread ended meanwhile. */
#define SYSREC_NEVER_RETURNED (~0ULL)

/* --decode: what strace shows of each call. Every record then starts with a decode_header: the enter
 * hook writes an enter_record with the arguments and the entry captures, the exit hook an exit_record
 * with the return and the exit captures (the reader pairs them per thread: a thread's enter is reserved
 * before its exit), and the process events strace prints come as events of their own. */
#define SYSREC_DECODE_ENTER 1
#define SYSREC_DECODE_EXIT 2
#define SYSREC_DECODE_FORK 3      /* a task made another (sched_process_fork) */
#define SYSREC_DECODE_TASK_EXIT 4 /* a task ended (sched_process_exit) */
#define SYSREC_DECODE_SIGNAL 5    /* a signal was delivered to a task, or ignored at its generation */
#define SYSREC_DECODE_REREAD 6    /* an enter_record whose captures replace those of the thread's call (an exec's) */

struct decode_header {
	__u64 timestamp_ns;           /* CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	__s64 syscall_id;             /* enter: the syscall; exit: the one the registers name (-1 after rt_sigreturn); events: 0 */
	__u32 pid;                    /* thread group id */
	__u32 tid;
	__u32 type;                   /* SYSREC_DECODE_* */
	__u32 abi;                    /* SYSREC_ABI_* */
};

/* Capture items (struct capture_item, then its payload, each starting 8-aligned) follow the fixed part
 * of an enter or exit record to the record's end. */
struct enter_record {
	struct decode_header header;
	__u32 uid;                    /* as in syscall_record */
	__u32 gid;
	__u64 cgroup_id;
	char comm[SYSREC_COMM_LEN];
	__u64 args[6];
};

struct exit_record {
	struct decode_header header;
	__s64 ret;                    /* the raw return, -errno on failure */
};

/* The header of one capture, as src/Sysrec/Decoding/CaptureKind.cs describes it with every payload. */
struct capture_item {
	__u8 argument;                /* 0..5, or SYSREC_CAPTURE_RETURN */
	__u8 kind;                    /* SYSREC_CAPTURE_* */
	__u8 flags;                   /* SYSREC_CAPTURE_UNREADABLE, SYSREC_CAPTURE_TRUNCATED */
	__u8 element;
	__u32 length;                 /* payload bytes that follow */
	__u32 full;                   /* what the call had */
};

#define SYSREC_CAPTURE_RETURN 6   /* the argument index of a capture about the returned fd */
#define SYSREC_CAPTURE_STACK_POINTER 7 /* the argument index of a capture above the user stack pointer (rt_sigreturn's frame) */
#define SYSREC_CAPTURE_UNREADABLE 1
#define SYSREC_CAPTURE_TRUNCATED 2
/* An entry capture read again after one at the entry could not be read (a string in a page the caller
 * had not touched yet, which the call itself brought in): at the end of the exit record, or in a
 * SYSREC_DECODE_REREAD record at an exec. The reader puts them in place of the entry's. */
#define SYSREC_CAPTURE_RETRIED 0x80

/* Capture kinds (Decoding/CaptureKind.cs). */
#define SYSREC_CAPTURE_STRING 1
#define SYSREC_CAPTURE_BYTES 2
#define SYSREC_CAPTURE_ARRAY 3
#define SYSREC_CAPTURE_STRING_ARRAY 4
#define SYSREC_CAPTURE_IOVEC 5
#define SYSREC_CAPTURE_MSGHDR 6
#define SYSREC_CAPTURE_SOCKADDR 7
#define SYSREC_CAPTURE_FD_TARGET 8
#define SYSREC_CAPTURE_DIRENT_COUNT 9

/* Where a capture's length comes from (Decoding/LengthSource.cs). */
#define SYSREC_LENGTH_NONE 0
#define SYSREC_LENGTH_ARGUMENT 1
#define SYSREC_LENGTH_RETURN 2
#define SYSREC_LENGTH_POINTEE 3
#define SYSREC_LENGTH_ARGUMENT_BITS 4

/* decode_op.flags: an FdTarget's fd is element `element` of the int array the argument points to (pipe's fds). */
#define SYSREC_OP_FD_IN_ARRAY 1

/* A cap or max_count that is -s (settings.snaplen). */
#define SYSREC_SNAPLEN 0xffffffffu

/* One read of a call's argument (Decoding/CaptureOp.cs). */
struct decode_op {
	__u8 kind;                    /* SYSREC_CAPTURE_* */
	__u8 argument;
	__u8 element;
	__u8 length_source;           /* SYSREC_LENGTH_* */
	__u8 length_argument;
	__u8 flags;                   /* SYSREC_OP_* */
	__u16 element_size;           /* Array, Iovec, Msghdr: bytes per element; StringArray: cap of each string;
	                                 DirentCount: offset of d_reclen */
	__u32 max_count;
	__u32 cap;
	__u32 offset;                 /* bytes added to the pointer before reading */
};

#define SYSREC_DECODE_OPS 8       /* per side: no call has more (a test checks the C# table) */

/* What to read of one syscall, at slot abi * SYSREC_FILTER_NUMBERS + nr of the decode_spec map. */
struct decode_spec {
	__u16 entry_ops;
	__u16 exit_ops;
	__u32 reserved;
	struct decode_op entry[SYSREC_DECODE_OPS];
	struct decode_op exit[SYSREC_DECODE_OPS];
};

/* Bounds of what one record carries. An item starts below SYSREC_DECODE_ROOM bytes into the record (a
 * record that has no room left stops taking items), and holds at most SYSREC_DECODE_ITEM_MAX bytes of
 * payload, so -s is at most that. Records are built in a scratch buffer of SYSREC_DECODE_SCRATCH bytes
 * per CPU, where every write lands at an offset masked with SYSREC_DECODE_POS_MASK. */
#define SYSREC_DECODE_SCRATCH 65536
#define SYSREC_DECODE_POS_MASK 32767
#define SYSREC_DECODE_SPARE 40960  /* past SYSREC_DECODE_POS_MASK and an item: room for a read thrown away */
#define SYSREC_DECODE_ROOM 16384
#define SYSREC_DECODE_ITEM_MAX 8192
#define SYSREC_ARGV_MAX 32        /* execve's strings captured, each up to SYSREC_ARGV_STRING_MAX bytes */
#define SYSREC_ARGV_STRING_MAX 256
#define SYSREC_ARGV_COUNT_MAX 1024 /* pointers counted in argv and envp */
#define SYSREC_IOVEC_MAX 1024     /* UIO_MAXIOV */
#define SYSREC_DIRENT_MAX 1024    /* entries counted in one getdents buffer */

/* The payloads that are structs (Decoding/CaptureKind.cs has them all). */
struct string_array_entry {       /* StringArray: u32 count, then for each string captured this and its bytes */
	__u16 length;
	__u8 flags;                   /* SYSREC_CAPTURE_TRUNCATED */
	__u8 reserved;
};

struct iovec_header {             /* Iovec: this, then per captured iovec an iovec_entry and its bytes */
	__u32 vlen;
	__u32 captured;
};

struct iovec_entry {
	__u64 base;
	__u64 len;
	__u32 present;                /* bytes that follow */
	__u8 flags;                   /* SYSREC_CAPTURE_UNREADABLE, SYSREC_CAPTURE_TRUNCATED */
	__u8 reserved[3];
};

#define SYSREC_MSG_NAME_MAX 128
#define SYSREC_MSG_CONTROL_MAX 64

struct msghdr_header {            /* Msghdr: this, the name, the control bytes, padding to 8, an Iovec payload */
	__u64 name;
	__u32 namelen;
	__u32 flags;
	__u64 iov;
	__u64 iovlen;
	__u64 control;
	__u64 controllen;
	__u16 name_present;
	__u16 control_present;
	__u32 reserved;
};

#define SYSREC_UNIX_PATH_MAX 108  /* sizeof(sun_path) */

struct fd_target {                /* FdTarget: what an fd refers to, read from the task's fd table */
	__u64 inode;
	__u32 mode;
	__u32 rdev;
	__u16 family;                 /* 0 for other than a socket; the rest is then absent */
	__u16 type;
	__u16 protocol;
	__u16 reserved;
	union {
		struct {                  /* AF_INET, AF_INET6 */
			__u8 local[16];       /* network order; IPv4 in the first 4 bytes */
			__u8 peer[16];
			__u16 local_port;     /* host order */
			__u16 peer_port;
		} inet;
		struct {                  /* AF_UNIX: present up to the path's end */
			__u64 peer_inode;
			__u16 path_length;
			char path[SYSREC_UNIX_PATH_MAX]; /* abstract ones start with NUL */
		} un;
		__u32 netlink_portid;     /* AF_NETLINK */
	};
};

struct fork_event {
	struct decode_header header;  /* the parent */
	__u32 child_pid;
	__u32 child_tid;
	__u32 shares_files;           /* the child uses the parent's fd table (a thread, CLONE_FILES) */
	__u32 reserved;
};

struct task_exit_event {
	struct decode_header header;
	__s32 exit_code;              /* as wait reports it: status << 8, or the killing signal (| 0x80 with a core dump) */
	__u32 group_dead;             /* the last thread of its process */
};

#define SYSREC_SIGINFO_SIZE 48    /* sizeof(struct kernel_siginfo) on a 64-bit kernel */
#define SYSREC_HANDLER_DEFAULT 0
#define SYSREC_HANDLER_IGNORE 1
#define SYSREC_HANDLER_CATCH 2

struct signal_event {
	struct decode_header header;  /* the task the signal is for */
	__u8 siginfo[SYSREC_SIGINFO_SIZE];
	__u32 handler;                /* SYSREC_HANDLER_* */
	__u32 reserved;
};

/* --cgroup: at most this many cgroups selected, and a task this many levels below the root at most
 * is found in them (cgroup_ids in sysrec_config). */
#define SYSREC_MAX_CGROUPS 16
#define SYSREC_CGROUP_DEPTH 32

/* Settings fixed before load; the BPF program reads them as constants, so the verifier
 * drops the branches a setting rules out. */
struct sysrec_config {
	__u64 wakeup_bytes;           /* the reader is woken once per this many bytes of records; a power of two */
	__u32 self_tgid;              /* the recorder itself, never recorded */
	__u8 trace_all;               /* every process is relevant ('*') */
	__u8 follow;                  /* a traced task stays traced whatever it execs */
	__u8 trace_launched;          /* a program the recorder itself execs is traced (sysrec run) */
	__u8 capture_args;            /* records carry who made the call and the six arguments */
	__u8 capture_time;            /* records carry the time of the call (with capture_args always) */
	__u8 filter_syscalls;         /* only syscalls marked in the syscall_filter map are recorded */
	__u8 capture_exit;            /* a syscall is recorded when it returns, with its return and duration
	                                 (needs capture_args) */
	__u8 capture_paths;           /* syscalls that take paths carry them (needs capture_args) */
	__u8 exec_events;             /* an exec that leaves a task traced is written as a SYSREC_EXEC_EVENT */
	__u8 capture_decode;          /* --decode: enter and exit records with captures, and process events */
	__u32 snaplen;                /* -s: the bytes and elements of a decode_op whose cap or max_count is SYSREC_SNAPLEN */
	__u32 cgroup_count;           /* --cgroup: a task is traced only while its cgroup v2 is one of cgroup_ids or below one */
	__u64 cgroup_ids[SYSREC_MAX_CGROUPS];
	/* The fallbacks for older kernels, chosen by the loader; all 0 on a kernel that has everything. */
	__u8 bounded_loop;            /* no bpf_loop (5.17): the exec's basename is searched by a bounded loop */
	__u8 tid_tables;              /* no task storage in tracing programs (5.13): hashes keyed by thread id */
	__u8 core_reads;              /* no bpf_get_current_task_btf (5.11), or raw_tp: tasks read by CO-RE probe reads */
};

/* Counters kept by the BPF program, one copy per CPU; the loader sums them. Updated atomically all
 * the same: a preemptible kernel may run two programs on one CPU interleaved. */
struct sysrec_stats {
	__u64 dropped;                /* records that found the ring buffer full */
	__u64 tasks_marked;           /* tasks that became traced in the kernel */
	__u64 tasks_released;         /* traced tasks that exited or exec'd an unlisted program */
	__u64 tasks_untraced;         /* tasks that should have become traced but found no room (the tid tables full) */
};

#endif
