/* Runs a program under a seccomp filter that allows only the syscalls named in NAMES_FILE (one per
 * line: a profile's "names") and fails every other with EPERM, as a container runtime applies a
 * `sysrec seccomp` profile. Native architecture only. Build: cc seccomp_exec.c -lseccomp
 * Usage: seccomp_exec NAMES_FILE PROGRAM [ARGS...]
 * Exits 125 when it cannot set the filter up, 126 when the exec fails.
 *
 * The filter is in force from seccomp_load on, so everything between it and the program's first
 * syscall must be allowed too: here that is the execve alone (the profile adds it, since a recording
 * starts after the exec that started the program). Nothing else runs in between: the filter context
 * is not released, because free() may hand memory back with munmap or brk, and the exec discards it
 * anyway. Setting no_new_privs and loading the filter happen before it is in force. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: seccomp_exec NAMES_FILE PROGRAM [ARGS...]\n");
		return 125;
	}
	FILE *names = fopen(argv[1], "r");
	if (!names) {
		perror(argv[1]);
		return 125;
	}
	scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!filter) {
		fprintf(stderr, "seccomp_exec: seccomp_init failed\n");
		return 125;
	}
	char name[128];
	while (fgets(name, sizeof name, names)) {
		name[strcspn(name, "\n")] = '\0';
		/* An unknown name fails loudly: it would mean the profile names a syscall no runtime can allow. */
		int nr = seccomp_syscall_resolve_name(name);
		if (nr == __NR_SCMP_ERROR) {
			fprintf(stderr, "seccomp_exec: libseccomp knows no syscall '%s'\n", name);
			return 125;
		}
		int err = seccomp_rule_add(filter, SCMP_ACT_ALLOW, nr, 0);
		if (err) {
			fprintf(stderr, "seccomp_exec: cannot allow %s: %s\n", name, strerror(-err));
			return 125;
		}
	}
	fclose(names);
	int err = seccomp_load(filter);
	if (err) {
		fprintf(stderr, "seccomp_exec: seccomp_load: %s\n", strerror(-err));
		return 125;
	}
	execv(argv[2], argv + 2);
	/* Only visible when the profile allows write. */
	perror(argv[2]);
	return 126;
}
