/* The one definition of what crosses from the BPF program to sysrec.
 * src/Sysrec/Tracing/SyscallRecord.cs and TracerConfig.cs mirror the structs; a test checks
 * those mirrors against the BTF of the compiled object, so change both sides together. */
#ifndef SYSREC_H
#define SYSREC_H

#define SYSREC_COMM_LEN 16        /* TASK_COMM_LEN: the kernel's comm is never longer */
#define SYSREC_NAME_LEN 256       /* NAME_MAX + 1: any basename fits whole */
#define SYSREC_PATH_LEN 4096      /* PATH_MAX: the exec'd path is read whole to find its basename */
#define SYSREC_MAX_NAMES 65536    /* capacity of the program-name list */

/* prog_index for a record that no list entry selected (trace-all mode). */
#define SYSREC_NO_PROG (-1)

struct syscall_record {
	__u64 timestamp_ns;           /* CLOCK_MONOTONIC (bpf_ktime_get_ns) at syscall entry */
	__s64 syscall_id;
	__u64 args[6];
	__u32 pid;                    /* thread group id: the pid that ps shows */
	__u32 tid;                    /* the thread that made the call */
	__s32 prog_index;             /* index of the matching name in the list, or SYSREC_NO_PROG */
	char comm[SYSREC_COMM_LEN];   /* task comm at the moment of the call, NUL-padded */
};

/* Settings fixed before load; the BPF program reads them as constants, so the verifier
 * drops the branches a setting rules out. */
struct sysrec_config {
	__u64 wakeup_bytes;           /* unread bytes below which a record does not wake the reader */
	__u32 self_tgid;              /* the recorder itself, never recorded */
	__u8 trace_all;               /* 1: every process is relevant ('*') */
};

#endif
