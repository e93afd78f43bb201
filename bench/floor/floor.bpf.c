// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The floor: an empty program on the hook sysrec uses (raw_syscalls:sys_enter through BTF).
 * Attaching any program there sets the syscall-tracepoint work flag on every task, so every
 * syscall on the machine leaves the fast path; whatever a tracer costs on top is its own.
 * With --exit the loader attaches an empty sys_exit program too: the floor of a tracer that
 * sees each return (sysrec --exit, --decode). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("tp_btf/sys_enter")
int BPF_PROG(floor_sys_enter, struct pt_regs *regs, long id)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_sys_exit, struct pt_regs *regs, long ret)
{
	return 0;
}
