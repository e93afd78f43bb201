using System.Runtime.InteropServices;
using Sysrec.Syscalls;
using Sysrec.Text;

namespace Sysrec.Tracing;

/// <summary>
/// The BPF program embedded in this binary, loaded into the kernel: its maps filled, its programs
/// attached until <see cref="Detach"/>, its ring buffer read through <see cref="OpenReader"/>.
/// </summary>
internal sealed unsafe class Tracer : IDisposable
{
    private const string ObjectResource = "sysrec.bpf.o";
    private const int NoProg = -1; // SYSREC_NO_PROG
    private const int FilterNumbers = 1024; // SYSREC_FILTER_NUMBERS

    // libbpf may parse the ELF image in place, so it stays pinned for the object's life.
    private readonly byte[] _image;
    private readonly SafeBpfObjectHandle _object;
    private readonly List<SafeBpfLinkHandle> _links = [];
    private SafeMappedMemoryHandle? _tracedTids;
    private SafeMappedMemoryHandle? _markEpoch;
    // Tasks marked from here rather than by the BPF program, which counts its own.
    private ulong _tasksMarkedByLoader;

    private Tracer(byte[] image, SafeBpfObjectHandle obj)
    {
        _image = image;
        _object = obj;
    }

    /// <summary>Opens the embedded object, sets it up for <paramref name="selection"/> and loads it into the kernel, unattached.</summary>
    public static Tracer Load(TraceSelection selection, TracerOptions options)
    {
        KernelSupport.EnsureTracingPossible();
        // Before libbpf says anything, so that it never prints to stderr unasked, whichever command loads.
        BpfLog.Install(options.Verbose);
        Tracer tracer = Open();
        try
        {
            tracer.Configure(selection, options);
            tracer.LoadIntoKernel();
            if (!selection.All)
                tracer.FillNameList(selection.Names);
            if (options.Syscalls is { } filter)
                tracer.FillSyscallSlots("syscall_filter", KeptSlots(filter));
            if (options.CapturePaths)
                tracer.FillSyscallSlots("path_arg_positions", PathArguments.InTables());
            return tracer;
        }
        catch
        {
            tracer.Dispose();
            throw;
        }
    }

    public void Attach()
    {
        for (nint program = Interop.Libbpf.ObjectNextProgram(_object, 0); program != 0;
             program = Interop.Libbpf.ObjectNextProgram(_object, program))
        {
            if (!Interop.Libbpf.ProgramAutoload(program))
                continue;
            SafeBpfLinkHandle link = Interop.Libbpf.ProgramAttach(program);
            if (link.IsInvalid)
            {
                int error = Marshal.GetLastPInvokeError();
                link.Dispose();
                string name = Marshal.PtrToStringUTF8(Interop.Libbpf.ProgramName(program)) ?? "?";
                throw Refused($"cannot attach BPF program {name}", error);
            }
            _links.Add(link);
        }
    }

    /// <summary>Stops new records; those already in the ring buffer can still be read.</summary>
    public void Detach()
    {
        foreach (SafeBpfLinkHandle link in _links)
            link.Dispose();
        _links.Clear();
    }

    public RingBufferReader OpenReader(IRecordSink sink)
    {
        nint records = FindMap("records");
        return new RingBufferReader(Interop.Libbpf.MapFd(records), (int)Interop.Libbpf.MapMaxEntries(records), sink);
    }

    /// <summary>
    /// Marks processes that were running before the tracer attached, as the selection asks (listed
    /// programs, given pids, and with <paramref name="follow"/> their descendants); call it after
    /// <see cref="Attach"/>, so that whatever they fork from then on inherits the mark.
    /// Returns the processes it marked.
    /// </summary>
    public IReadOnlyCollection<int> TraceRunningProcesses(TraceSelection selection, bool follow)
    {
        if (selection.All)
            return [];
        var targets = new Dictionary<int, int>();
        foreach ((int pid, int progIndex) in RunningProcesses.RunningListed(selection.Names))
        {
            if (pid != Environment.ProcessId)
                targets[pid] = progIndex;
        }
        foreach (int pid in selection.Pids)
        {
            RunningProcesses.RequireExists(pid);
            targets.TryAdd(pid, NoProg);
        }
        if (follow)
        {
            foreach (int pid in RunningProcesses.DescendantsOf(targets.Keys.ToList()))
                targets.TryAdd(pid, NoProg);
        }
        foreach ((int pid, int progIndex) in targets)
            MarkProcess(pid, progIndex);
        if (targets.Count > 0)
            AnnounceMarks();
        return targets.Keys;
    }

    /// <summary>The BPF program's counters summed over CPUs, with the tasks marked from here added in.</summary>
    public TracerStats Stats
    {
        get
        {
            int cpus = Interop.Libbpf.NumPossibleCpus();
            var perCpu = new TracerStats[cpus];
            uint key = 0;
            fixed (TracerStats* values = perCpu)
            {
                if (Interop.Libbpf.MapLookupElem(Interop.Libbpf.MapFd(FindMap("stats")), &key, values) != 0)
                    throw Refused("cannot read the tracer's counters", Marshal.GetLastPInvokeError());
            }
            var total = new TracerStats { TasksMarked = _tasksMarkedByLoader };
            foreach (TracerStats cpu in perCpu)
            {
                total.Dropped += cpu.Dropped;
                total.TasksMarked += cpu.TasksMarked;
                total.TasksReleased += cpu.TasksReleased;
            }
            return total;
        }
    }

    public void Dispose()
    {
        Detach();
        _tracedTids?.Dispose();
        _markEpoch?.Dispose();
        _object.Dispose();
    }

    private static Tracer Open()
    {
        using Stream resource = typeof(Tracer).Assembly.GetManifestResourceStream(ObjectResource)
            ?? throw new InvalidOperationException($"resource {ObjectResource} is missing from this build");
        byte[] image = GC.AllocateUninitializedArray<byte>(checked((int)resource.Length), pinned: true);
        resource.ReadExactly(image);

        ReadOnlySpan<byte> objectName = "sysrec\0"u8;
        fixed (byte* name = objectName)
        {
            var options = new Interop.Libbpf.OpenOptions { sz = (nuint)sizeof(Interop.Libbpf.OpenOptions), object_name = name };
            SafeBpfObjectHandle obj = Interop.Libbpf.ObjectOpenMem((byte*)Marshal.UnsafeAddrOfPinnedArrayElement(image, 0), (nuint)image.Length, options);
            if (obj.IsInvalid)
            {
                int error = Marshal.GetLastPInvokeError();
                obj.Dispose();
                throw Refused("cannot open the embedded BPF object", error);
            }
            return new Tracer(image, obj);
        }
    }

    private void Configure(TraceSelection selection, TracerOptions options)
    {
        if (!selection.All)
        {
            uint capacity = Interop.Libbpf.MapMaxEntries(FindMap("progs"));
            if (selection.Names.Count > capacity)
                throw new SysrecException(ExitCodes.Usage,
                    $"too many program names: {selection.Names.Count} given, the list holds at most {capacity}. Trace fewer programs, or '*' for all");
        }

        int status = Interop.Libbpf.MapSetMaxEntries(FindMap("records"), (uint)options.RingBufferBytes);
        if (status != 0)
            throw Refused($"cannot size the ring buffer to {options.RingBufferBytes} bytes", -status);

        nint rodata = FindMap(".rodata");
        Interop.Libbpf.MapInitialValue(rodata, out nuint rodataSize);
        if (rodataSize != (nuint)sizeof(TracerSettings))
            throw new InvalidOperationException($"the BPF object's .rodata is {rodataSize} bytes, TracerSettings is {sizeof(TracerSettings)}");
        var settings = new TracerSettings
        {
            WakeupBytes = (ulong)options.WakeupBytes,
            SelfTgid = (uint)Environment.ProcessId,
            TraceAll = selection.All ? (byte)1 : (byte)0,
            Follow = options.Follow ? (byte)1 : (byte)0,
            TraceLaunched = options.TraceLaunched ? (byte)1 : (byte)0,
            CaptureArgs = options.CaptureArgs || options.CaptureExit || options.CapturePaths ? (byte)1 : (byte)0,
            CaptureExit = options.CaptureExit ? (byte)1 : (byte)0,
            FilterSyscalls = options.Syscalls is null ? (byte)0 : (byte)1,
            CapturePaths = options.CapturePaths ? (byte)1 : (byte)0,
            ExecEvents = options.ExecEvents ? (byte)1 : (byte)0,
        };
        status = Interop.Libbpf.MapSetInitialValue(rodata, &settings, (nuint)sizeof(TracerSettings));
        if (status != 0)
            throw Refused("cannot set the BPF program's settings", -status);
        // A program on sys_exit slows every syscall's return on the machine; load it only when used.
        Interop.Libbpf.ProgramSetAutoload(FindProgram("record_sys_exit"), options.CaptureExit);
    }

    private void LoadIntoKernel()
    {
        int status = Interop.Libbpf.ObjectLoad(_object);
        if (status != 0)
            throw Refused("cannot load the BPF tracer into the kernel", -status);
    }

    /// <summary>Every slot of the filter a syscall it keeps goes through; a negated filter keeps numbers no table names too.</summary>
    private static IEnumerable<(SyscallAbi Abi, long Number, byte Value)> KeptSlots(SyscallFilter filter)
    {
        foreach (SyscallAbi abi in (SyscallAbi[])[SyscallAbi.Native, SyscallAbi.I386])
        {
            for (long number = 0; number < FilterNumbers; number++)
            {
                if (filter.Keeps(abi, number))
                    yield return (abi, number, 1);
            }
        }
    }

    /// <summary>Sets the slots of a per-syscall map (SYSREC_FILTER_SLOTS: abi * 1024 + number) to their values.</summary>
    private void FillSyscallSlots(string mapName, IEnumerable<(SyscallAbi Abi, long Number, byte Value)> slots)
    {
        int fd = Interop.Libbpf.MapFd(FindMap(mapName));
        foreach ((SyscallAbi abi, long number, byte value) in slots)
        {
            // Numbers past the slots are never recorded while filtering, nor their paths read; none exist today.
            if (number >= FilterNumbers)
                continue;
            uint slot = (uint)abi * FilterNumbers + (uint)number;
            byte slotValue = value;
            if (Interop.Libbpf.MapUpdateElem(fd, &slot, &slotValue, Interop.Libbpf.BPF_ANY) != 0)
                throw Refused($"cannot fill the BPF map {mapName}", Marshal.GetLastPInvokeError());
        }
    }

    private void FillNameList(IReadOnlyList<string> names)
    {
        nint progs = FindMap("progs");
        int fd = Interop.Libbpf.MapFd(progs);
        Span<byte> key = stackalloc byte[(int)Interop.Libbpf.MapKeySize(progs)];
        for (uint index = 0; index < names.Count; index++)
        {
            key.Clear();
            KernelString.Encode(names[(int)index], key);
            fixed (byte* keyBytes = key)
            {
                if (Interop.Libbpf.MapUpdateElem(fd, keyBytes, &index, Interop.Libbpf.BPF_ANY) != 0)
                    throw Refused($"cannot add '{names[(int)index]}' to the program list", Marshal.GetLastPInvokeError());
            }
        }
    }

    /// <summary>
    /// Marks every thread of a process. A thread may be created while we go; one made by a marked
    /// thread inherits the mark, and another pass catches those made by the others.
    /// </summary>
    private void MarkProcess(int pid, int progIndex)
    {
        int fd = Interop.Libbpf.MapFd(FindMap("relevance_cache"));
        var marked = new HashSet<int>();
        bool markedAny;
        do
        {
            markedAny = false;
            foreach (int tid in RunningProcesses.Threads(pid))
            {
                if (!marked.Add(tid))
                    continue;
                markedAny = true;
                using SafeHandle pidfd = Interop.Libc.PidfdOpen(tid, Interop.Libc.PIDFD_THREAD);
                if (pidfd.IsInvalid)
                {
                    int error = Marshal.GetLastPInvokeError();
                    if (error == Interop.Libc.ESRCH)
                        continue; // it exited meanwhile
                    throw new SysrecException(ExitCodes.Failure, $"cannot trace running thread {tid} of process {pid}: {Marshal.GetPInvokeErrorMessage(error)}");
                }
                int key = (int)pidfd.DangerousGetHandle();
                if (Interop.Libbpf.MapUpdateElem(fd, &key, &progIndex, Interop.Libbpf.BPF_NOEXIST) == 0)
                    _tasksMarkedByLoader++;
                else if (Marshal.GetLastPInvokeError() is int updateError and not Interop.Libc.EEXIST and not Interop.Libc.ESRCH)
                    throw Refused($"cannot trace running thread {tid} of process {pid}", updateError);
                MarkTid(tid);
            }
        }
        while (markedAny);
    }

    /// <summary>Sets a thread's bit in traced_tids, atomically as the BPF program does, since 63 other threads share its word.</summary>
    private void MarkTid(int tid)
    {
        _tracedTids ??= MapShared("traced_tids");
        long* words = (long*)_tracedTids.DangerousGetHandle();
        Interlocked.Or(ref words[tid / 64], 1L << (tid % 64));
    }

    /// <summary>
    /// Tells the BPF program that threads were marked from here: it keeps, per CPU, its verdict on the
    /// last thread seen there, and drops it when the epoch moves, as the BPF hooks move it.
    /// </summary>
    private void AnnounceMarks()
    {
        _markEpoch ??= MapShared("mark_epoch");
        Interlocked.Increment(ref *(long*)_markEpoch.DangerousGetHandle());
    }

    /// <summary>Maps an array map of 64-bit words made with BPF_F_MMAPABLE, to change it with atomic instructions as the program does.</summary>
    private SafeMappedMemoryHandle MapShared(string name)
    {
        nint map = FindMap(name);
        SafeMappedMemoryHandle mapping = SafeMappedMemoryHandle.Map(Interop.Libbpf.MapFd(map), 0,
            Interop.Libbpf.MapMaxEntries(map) * (nuint)sizeof(ulong), Interop.Libc.PROT_READ | Interop.Libc.PROT_WRITE);
        if (mapping.IsInvalid)
            throw Refused($"cannot map the BPF map {name}", Marshal.GetLastPInvokeError());
        return mapping;
    }

    private nint FindProgram(string name)
    {
        nint program = Interop.Libbpf.ObjectFindProgramByName(_object, name);
        return program != 0 ? program : throw new InvalidOperationException($"the embedded BPF object has no program {name}");
    }

    private nint FindMap(string name)
    {
        nint map = Interop.Libbpf.ObjectFindMapByName(_object, name);
        return map != 0 ? map : throw new InvalidOperationException($"the embedded BPF object has no map {name}");
    }

    private static SysrecException Refused(string what, int errno)
    {
        string why = errno is 1 or 13 // EPERM, EACCES
            ? "permission denied. Run it as root, or with CAP_BPF and CAP_PERFMON"
            : $"{ErrorText(errno)}.{DetailsHint()}";
        return new SysrecException(ExitCodes.Failure, $"{what}: {why}");
    }

    private static string DetailsHint()
    {
        string warnings = BpfLog.RecentWarnings().TrimEnd();
        return warnings.Length == 0 ? " Run with --verbose for libbpf's log" : $" libbpf said:\n{warnings}";
    }

    private static string ErrorText(int errno)
    {
        Span<byte> buffer = stackalloc byte[256];
        fixed (byte* text = buffer)
        {
            Interop.Libbpf.StrError(errno, text, (nuint)buffer.Length);
            return Marshal.PtrToStringUTF8((nint)text) ?? $"error {errno}";
        }
    }
}
