/* The design baseline's loader: loads tracer.bpf.o through its skeleton, writes the basenames of
 * its arguments into `progs` ('*' sets do_trace_all instead), attaches, and polls the ring buffer,
 * printing each record as "pid:syscall_id:comm" to stdout and to trace.log in the current
 * directory with fprintf, until SIGINT or SIGTERM.
 *
 * For bench/run (not in the design): "design: recording ..." on stderr once attached, and at the
 * end "design: E events written to trace.log, D dropped". */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "shared.h"
#include "tracer.skel.h"

static volatile sig_atomic_t stop;
static FILE *trace;
static unsigned long long events;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int handle_event(void *ctx, void *data, size_t size)
{
	const struct submit_info *info = data;

	(void)ctx;
	if (size < sizeof(*info))
		return 0;
	fprintf(stdout, "%d:%lu:%s\n", info->pid, info->syscall_id, info->pathname);
	fprintf(trace, "%d:%lu:%s\n", info->pid, info->syscall_id, info->pathname);
	events++;
	return 0;
}

static unsigned long long dropped_total(struct tracer_bpf *skel)
{
	int cpus = libbpf_num_possible_cpus();
	unsigned long long total = 0, *values;
	uint32_t zero = 0;

	if (cpus <= 0 || !(values = calloc(cpus, sizeof(*values))))
		return 0;
	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.dropped), &zero, values) == 0)
		for (int i = 0; i < cpus; i++)
			total += values[i];
	free(values);
	return total;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct ring_buffer *rb = NULL;
	struct tracer_bpf *skel;
	int trace_all, err;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PROGRAM... | '*'\n", argv[0]);
		return 2;
	}
	trace_all = strcmp(argv[1], "*") == 0;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	skel = tracer_bpf__open();
	if (!skel) {
		fprintf(stderr, "design: cannot open the BPF object\n");
		return 1;
	}
	skel->rodata->do_trace_all = trace_all;
	if (tracer_bpf__load(skel)) {
		fprintf(stderr, "design: cannot load the BPF object\n");
		goto fail;
	}
	if (!trace_all) {
		for (int i = 1; i < argc && i <= MAX_TRACKED_PROCESSES; i++) {
			char name[STRING_LEN] = {};
			const char *base = strrchr(argv[i], '/');
			uint32_t key = i - 1;

			strncpy(name, base ? base + 1 : argv[i], STRING_LEN - 1);
			if (bpf_map_update_elem(bpf_map__fd(skel->maps.progs), &key, name, BPF_ANY)) {
				fprintf(stderr, "design: cannot add %s to progs: %s\n", name, strerror(errno));
				goto fail;
			}
		}
	}
	trace = fopen("trace.log", "w");
	if (!trace) {
		fprintf(stderr, "design: cannot open trace.log: %s\n", strerror(errno));
		goto fail;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.ring_buff), handle_event, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "design: cannot open the ring buffer\n");
		goto fail;
	}
	if (tracer_bpf__attach(skel)) {
		fprintf(stderr, "design: cannot attach the BPF program\n");
		goto fail;
	}
	fprintf(stderr, "design: recording %s to trace.log; Ctrl-C to stop\n", trace_all ? "*" : argv[1]);
	while (!stop) {
		err = ring_buffer__poll(rb, 100);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "design: ring buffer poll failed: %d\n", err);
			break;
		}
	}
	tracer_bpf__detach(skel);
	ring_buffer__consume(rb);
	fflush(stdout);
	fclose(trace);
	fprintf(stderr, "design: %llu events written to trace.log, %llu dropped\n", events, dropped_total(skel));
	ring_buffer__free(rb);
	tracer_bpf__destroy(skel);
	return 0;
fail:
	ring_buffer__free(rb);
	if (trace)
		fclose(trace);
	tracer_bpf__destroy(skel);
	return 1;
}
