/* Loads and attaches the empty floor program (with --exit, the empty sys_exit one too), says so on
 * stderr, and waits for SIGINT or SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "floor.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	int with_exit = argc > 1 && strcmp(argv[1], "--exit") == 0;
	struct floor_bpf *skel;
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	skel = floor_bpf__open();
	if (!skel) {
		fprintf(stderr, "floor: cannot open the BPF object\n");
		return 1;
	}
	bpf_program__set_autoload(skel->progs.floor_sys_exit, with_exit);
	if (floor_bpf__load(skel)) {
		fprintf(stderr, "floor: cannot load the BPF program\n");
		floor_bpf__destroy(skel);
		return 1;
	}
	if (floor_bpf__attach(skel)) {
		fprintf(stderr, "floor: cannot attach the BPF program\n");
		floor_bpf__destroy(skel);
		return 1;
	}
	fprintf(stderr, "floor: attached to tp_btf/sys_enter%s; recording nothing until SIGINT\n",
		with_exit ? " and tp_btf/sys_exit" : "");
	while (!stop)
		pause();
	floor_bpf__destroy(skel);
	fprintf(stderr, "floor: detached\n");
	return 0;
}
