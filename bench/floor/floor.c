/* Loads and attaches the empty floor program, says so on stderr, and waits for SIGINT or SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "floor.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(void)
{
	struct floor_bpf *skel;
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	skel = floor_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "floor: cannot load the BPF program\n");
		return 1;
	}
	if (floor_bpf__attach(skel)) {
		fprintf(stderr, "floor: cannot attach the BPF program\n");
		floor_bpf__destroy(skel);
		return 1;
	}
	fprintf(stderr, "floor: attached to tp_btf/sys_enter; recording nothing until SIGINT\n");
	while (!stop)
		pause();
	floor_bpf__destroy(skel);
	fprintf(stderr, "floor: detached\n");
	return 0;
}
