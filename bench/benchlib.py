"""What bench/run and bench/servers share: reading /proc, waiting for a quiet machine, tracers run
beside a workload, and the figures' formatting."""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
READY_TIMEOUT = 60
STOP_TIMEOUT = 120

# ---------------------------------------------------------------- /proc helpers

def proc_cpu_s(pid):
    """utime+stime of a whole process (all its threads, live and dead), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_hwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def system_busy_s():
    """CPU time all CPUs spent not idle since boot, in seconds (/proc/stat)."""
    with open("/proc/stat") as f:
        cols = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal (guest time is inside user)
    return (sum(cols[:8]) - cols[3] - cols[4]) / CLK_TCK


def irq_work_interrupts():
    """IRQ work interrupts (IWI) so far, all CPUs: how a BPF ring buffer wakes its reader."""
    with open("/proc/interrupts") as f:
        for line in f:
            if line.lstrip().startswith("IWI:"):
                return sum(int(x) for x in line.split()[1:] if x.isdigit())
    return None


def wait_for_idle(deadline, max_wait=20.0):
    """Waits (at most max_wait, and not past deadline) until the machine has been idle for half a
    second: others' builds and tests on two CPUs move the numbers far more than the tracers do.
    Returns the seconds waited."""
    start = time.monotonic()
    while True:
        busy0, t0 = system_busy_s(), time.monotonic()
        time.sleep(0.5)
        load = (system_busy_s() - busy0) / (time.monotonic() - t0)
        now = time.monotonic()
        if load < 0.1 or now - start > max_wait or now > deadline:
            return round(now - start, 1)
        time.sleep(1)


def sys_enter_programs(pid):
    """Ids of the programs process pid holds on raw_syscalls sys_enter."""
    out = subprocess.run(["bpftool", "perf", "show", "-j"], capture_output=True, text=True, timeout=30).stdout
    return [i["prog_id"] for i in json.loads(out or "[]") if i["pid"] == pid and i.get("tracepoint") == "sys_enter"]


def program_runs(ids):
    """(run_time_ns, run_cnt) summed over programs: what kernel.bpf_stats_enabled counts."""
    time_ns = count = 0
    for prog in ids:
        info = json.loads(subprocess.run(["bpftool", "prog", "show", "id", str(prog), "-j"],
                                         capture_output=True, text=True, timeout=30).stdout)
        time_ns += info.get("run_time_ns", 0)
        count += info.get("run_cnt", 0)
    return time_ns, count


def set_bpf_stats(value):
    with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
        f.write(str(value))


def foreign_tracers(own=()):
    """Pids, other than ours, of processes holding a BPF program on raw_syscalls sys_enter/sys_exit."""
    try:
        out = subprocess.run(["bpftool", "perf", "show", "-j"], capture_output=True, text=True, timeout=30).stdout
        items = json.loads(out or "[]")
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return []
    return sorted({i["pid"] for i in items if i.get("tracepoint") in ("sys_enter", "sys_exit") and i["pid"] not in own})


class Quiet:
    """Before a run, waits a while for programs that others attached to syscall entry to go away:
    while one is attached every syscall on the machine takes the traced path, "no tracing" included."""

    def __init__(self, max_wait):
        self.max_wait = max_wait
        self.persistent = set()

    def wait(self):
        deadline = time.monotonic() + self.max_wait
        while True:
            pids = foreign_tracers()
            if not pids:
                return []
            if set(pids) <= self.persistent or time.monotonic() > deadline:
                if not set(pids) <= self.persistent:
                    print(f"  bench: warning: other processes keep BPF programs on sys_enter: {pids}; measuring anyway",
                          file=sys.stderr, flush=True)
                self.persistent |= set(pids)
                return pids
            time.sleep(0.5)


def bpf_stats_enabled():
    """kernel.bpf_stats_enabled: when on, every BPF program run also reads the clock twice."""
    try:
        with open("/proc/sys/kernel/bpf_stats_enabled") as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def binary_identity(path):
    """Which build of sysrec was measured: it changes under the benchmark's feet."""
    import hashlib
    st = os.stat(path)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    return {"sha256_16": digest, "mtime": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(st.st_mtime)), "size": st.st_size}


def ensure_tracefs():
    """bpftrace's tracepoints and the design's tp/ program find tracepoint ids in tracefs."""
    if os.path.isdir("/sys/kernel/tracing/events/raw_syscalls"):
        return
    subprocess.run(["mount", "-t", "tracefs", "nodev", "/sys/kernel/tracing"], check=False)
    if not os.path.isdir("/sys/kernel/tracing/events/raw_syscalls"):
        sys.exit("bench: tracefs is not available at /sys/kernel/tracing; bpftrace and the design baseline need it")


# ---------------------------------------------------------------- tracers

class Daemon:
    """A tracer that runs beside the workload: started, awaited until ready, stopped with SIGINT."""

    def __init__(self, cmd, ready, ready_stream="stderr", cwd=None, stdout_to_null=False):
        self.cmd = cmd
        self.lines = {"stdout": [], "stderr": []}
        self.ready_event = threading.Event()
        self.ready = ready
        self.ready_stream = ready_stream
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL if stdout_to_null else subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, errors="replace")
        self.threads = []
        for name in ("stdout", "stderr"):
            stream = getattr(self.proc, name)
            if stream is not None:
                t = threading.Thread(target=self._read, args=(name, stream), daemon=True)
                t.start()
                self.threads.append(t)

    def _read(self, name, stream):
        for line in stream:
            self.lines[name].append(line.rstrip("\n"))
            if name == self.ready_stream and self.ready in line:
                self.ready_event.set()

    def wait_ready(self):
        deadline = time.monotonic() + READY_TIMEOUT
        while not self.ready_event.wait(0.05):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"{self.cmd[0]} did not start: " + " | ".join(self.lines["stderr"][-5:]))
        # bpftrace says "Attaching N probes..." before it attaches: wait until its program is on sys_enter.
        while self.proc.pid not in foreign_tracers():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"{self.cmd[0]} never attached to sys_enter")
            time.sleep(0.05)
        self.cpu_ready = proc_cpu_s(self.proc.pid)

    def stop(self):
        """SIGINT after reading CPU and peak RSS; returns (tracer CPU over the run, peak RSS kB)."""
        pid = self.proc.pid
        cpu = proc_cpu_s(pid) - self.cpu_ready
        hwm = proc_hwm_kb(pid)
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError(f"{self.cmd[0]} did not stop within {STOP_TIMEOUT}s of SIGINT")
        for t in self.threads:
            t.join(5)
        if self.proc.returncode != 0:
            raise RuntimeError(f"{self.cmd[0]} exited {self.proc.returncode}: " + " | ".join(self.lines["stderr"][-5:]))
        return cpu, hwm

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

SUMMARY = re.compile(r"(\d+) events written to .*?, (\d+) dropped")


def summary_counts(lines):
    for line in reversed(lines):
        m = SUMMARY.search(line)
        if m:
            return int(m.group(1)), int(m.group(2))
    raise RuntimeError("no summary line: " + " | ".join(lines[-3:]))

def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, spec="{:.0f}", none="-"):
    return none if v is None else spec.format(v)


def ratio(a, b):
    return a / b if a is not None and b else None



def copy_under_test(sysrec, build):
    """A copy of sysrec to measure: ./sysrec is rebuilt by others while a benchmark runs (and cannot be
    replaced while it runs). Same name: sysrec looks at the name it runs under."""
    copy = os.path.join(build, "under-test", "sysrec")
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copy2(sysrec, copy + ".tmp")
    os.replace(copy + ".tmp", copy)
    return copy
