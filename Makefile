# sysrec: `make` builds ./sysrec (one Native AOT binary with the BPF object inside) and the design's
# entry points ./loader_and_logger and ./formatter; `make test` runs every test on the real kernel.

ARCH := $(shell uname -m)
# The BPF program reads each architecture's saved registers, and the syscall tables are generated for
# x86_64 (with i386) and arm64: another machine would get a wrong program, not a failing one.
ifeq ($(filter x86_64 aarch64,$(ARCH)),)
$(error sysrec builds for x86_64 and aarch64 (arm64), and this machine is $(ARCH))
endif
BPF_ARCH := $(if $(filter aarch64,$(ARCH)),arm64,x86)
DOTNET_RID := linux-$(if $(filter aarch64,$(ARCH)),arm64,x64)
BUILD := build
BPF_CFLAGS := -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_$(BPF_ARCH) -I$(BUILD) -Ibpf
CSHARP_SOURCES := $(shell find src -name '*.cs' -o -name '*.csproj') Directory.Build.props global.json README.md
PREFIX ?= /usr/local
# Debian packages the build needs, checked by a file each installs.
DEPS := clang:/usr/bin/clang llvm:/usr/bin/llvm-strip libbpf-dev:/usr/include/bpf/libbpf.h bpftool:/usr/sbin/bpftool \
        gcc:/usr/bin/gcc linux-libc-dev:/usr/include/asm-generic/unistd.h
# What the tests use besides: workloads built 32-bit, strace as ground truth, setpriv to drop root,
# libseccomp to apply generated profiles, tmux to drive the terminal view, chromium to render reports,
# node to run hyparquet, a Parquet reader written apart from the one sysrec uses, on exported files
# (Debian 12 packages neither pyarrow nor another Parquet engine for pandas); nats-server for the
# JetStream cluster the streaming tests start; crun and runc to run containers under generated profiles;
# qemu and a static busybox to boot Debian's stock kernels (x86_64 only; busybox-static is checked by its package list, since busybox has the same /bin/busybox).
TEST_DEPS := strace:/usr/bin/strace util-linux:/usr/bin/setpriv \
             libseccomp-dev:/usr/include/seccomp.h tmux:/usr/bin/tmux chromium:/usr/bin/chromium \
             nodejs:/usr/bin/node npm:/usr/bin/npm nats-server:/usr/sbin/nats-server tcpdump:/usr/bin/tcpdump \
             crun:/usr/bin/crun runc:/usr/sbin/runc
# Debian 12's stock kernels the tests boot under qemu (tests/qemu): downloaded, never installed.
STOCK_KERNELS :=
ifeq ($(ARCH),x86_64)
# 32-bit workloads for the i386 calls, which arm64 kernels do not have.
TEST_DEPS += gcc-multilib:/usr/lib32/libc.so
TEST_DEPS += qemu-system-x86:/usr/bin/qemu-system-x86_64 busybox-static:/var/lib/dpkg/info/busybox-static.list
STOCK_KERNELS := $(BUILD)/qemu/linux-6.1/vmlinuz $(BUILD)/qemu/linux-6.12/vmlinuz
endif
HYPARQUET := hyparquet@1.31.5

.PHONY: all deps test-deps test run bench clean install soak
.DEFAULT_GOAL := all

all: sysrec loader_and_logger formatter

deps:
	@$(call install-missing,$(DEPS))
	@command -v dotnet >/dev/null || { echo "make deps: the .NET 10 SDK is needed (dotnet on PATH)"; exit 1; }

test-deps: $(STOCK_KERNELS)
	@$(call install-missing,$(TEST_DEPS))
	@[ -e $(BUILD)/npm/node_modules/hyparquet/package.json ] || \
		npm install --prefix $(BUILD)/npm --no-save --no-audit --no-fund --loglevel=error $(HYPARQUET) >/dev/null

$(BUILD)/qemu/linux-%/vmlinuz: tests/qemu/kernel
	tests/qemu/kernel $* $(dir $@)

# Installs with apt-get the packages of a list of package:file pairs whose file is missing.
define install-missing
	missing=""; for dep in $(1); do [ -e "$${dep#*:}" ] || missing="$$missing $${dep%%:*}"; done; \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

$(BUILD)/vmlinux.h: | deps
	@mkdir -p $(BUILD)
	bpftool btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp && mv $@.tmp $@

$(BUILD)/sysrec.bpf.o: bpf/sysrec.bpf.c bpf/sysrec.h $(BUILD)/vmlinux.h | deps
	clang $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/generated/SyscallTable.g.cs: scripts/gen-syscall-table scripts/syscall-classes | deps
	@mkdir -p $(dir $@)
	scripts/gen-syscall-table $@

# The constant sets strace prints (errno, signals, flags), from the headers named in scripts/constant-sets.
$(BUILD)/generated/ConstantSets.g.cs: scripts/gen-constant-sets scripts/constant-sets src/Sysrec/Decoding/kernel-constants.tsv | deps
	@mkdir -p $(dir $@)
	scripts/gen-constant-sets $@

# Syscall argument names and types, from the file scripts/snapshot-kernel writes from tracefs.
$(BUILD)/generated/SyscallSignatures.g.cs: scripts/gen-syscall-signatures src/Sysrec/Decoding/syscall-signatures.tsv
	@mkdir -p $(dir $@)
	scripts/gen-syscall-signatures $@

# The events sysdig records each syscall as, for LID-DS lines, from the file scripts/snapshot-sysdig-events writes.
$(BUILD)/generated/SysdigEvents.g.cs: scripts/gen-sysdig-events src/Sysrec/Export/sysdig-events.tsv src/Sysrec/Export/sysdig-flags.tsv
	@mkdir -p $(dir $@)
	scripts/gen-sysdig-events $@

# What container runtimes call under a container's filter before its program starts, from the file
# scripts/snapshot-runtime-calls writes.
$(BUILD)/generated/RuntimeCalls.g.cs: scripts/gen-runtime-calls src/Sysrec/Analysis/runtime-calls.tsv
	@mkdir -p $(dir $@)
	scripts/gen-runtime-calls $@

GENERATED := $(BUILD)/generated/SyscallTable.g.cs $(BUILD)/generated/ConstantSets.g.cs $(BUILD)/generated/SyscallSignatures.g.cs \
	$(BUILD)/generated/SysdigEvents.g.cs $(BUILD)/generated/RuntimeCalls.g.cs

sysrec: $(BUILD)/sysrec.bpf.o $(GENERATED) $(CSHARP_SOURCES) | deps
	dotnet publish src/Sysrec -c Release -r $(DOTNET_RID) -o $(BUILD)/publish -p:BpfObject=$(abspath $(BUILD)/sysrec.bpf.o) -nologo -v quiet
	@# A running recorder keeps the old binary busy; a rename replaces it anyway.
	cp $(BUILD)/publish/sysrec $@.tmp && mv -f $@.tmp $@

loader_and_logger formatter: sysrec
	ln -sf sysrec $@

# Every test, the BPF ones included (they need root); ends with `tests: N passed, N failed`.
test: all test-deps
	@mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
	@scripts/test

# The soak test alone for ten minutes: a fork storm and a syscall storm under '*', the recorder's
# memory and accounting checked throughout, and the storm's speed and memory held to their limits
# (`make test` runs it for 15 s and checks only the accounting); prints what it measured.
soak: all test-deps
	@SYSREC_SOAK_SECONDS=600 scripts/test --filter-class Sysrec.Tests.Integration.SoakTests --output detailed

# The main job with a built-in default: record a short demo command, split the trace, show it.
run: all
	@scripts/demo

# The performance benchmark (bench/README.md): builds bench/ and runs every configuration, on the
# syscall loops (bench/run) and on real servers (bench/servers); QUICK=1 for a smoke run of a few minutes.
bench: all
	@$(MAKE) --no-print-directory -C bench deps all
	@bench/run $(if $(filter 1,$(QUICK)),--quick)
	@bench/servers $(if $(filter 1,$(QUICK)),--quick)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 sysrec $(DESTDIR)$(PREFIX)/bin/sysrec
	ln -sf sysrec $(DESTDIR)$(PREFIX)/bin/loader_and_logger
	ln -sf sysrec $(DESTDIR)$(PREFIX)/bin/formatter

clean:
	rm -rf $(BUILD) sysrec loader_and_logger formatter
