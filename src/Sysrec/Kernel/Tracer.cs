using Sysrec.Syscalls;

namespace Sysrec.Kernel;

/// <summary>
/// The tracer every command that traces runs: the embedded BPF program loaded for a selection and its
/// options (<see cref="Load"/>), then started with the sink its records go to (<see cref="Start"/>),
/// read (<see cref="Poll"/>) and stopped (<see cref="Stop"/>), in that order and no other.
/// </summary>
internal sealed class Tracer : IDisposable
{
    private readonly BpfObject _program;
    private readonly RingBuffers _rings;
    private readonly TaskMarker _marker;
    private readonly TraceSelection _selection;
    private readonly bool _follow;
    private RingBufferReader? _reader;

    private Tracer(BpfObject program, RingBuffers rings, BpfVariant variant, TraceSelection selection, bool follow)
    {
        _program = program;
        _rings = rings;
        Variant = variant;
        _marker = new TaskMarker(program, variant);
        _selection = selection;
        _follow = follow;
    }

    /// <summary>
    /// Checks that this kernel and this process can trace, takes over libbpf's log, and loads the program
    /// set up for <paramref name="selection"/> and <paramref name="options"/> into the kernel, unattached.
    /// </summary>
    public static Tracer Load(TraceSelection selection, TracerOptions options)
    {
        // Before libbpf says anything, so that it never prints to stderr unasked, whichever command loads.
        BpfLog.Install(options.Verbose);
        BpfVariant variant = KernelSupport.Check(options);
        BpfObject program = BpfObject.OpenEmbedded(options.BtfPath);
        RingBuffers? rings = null;
        try
        {
            ProgramList.CheckCapacity(program.Map("progs"), selection);
            rings = RingBuffers.Create(options.RingBufferBytes);
            rings.Prepare(program.Map("records"));
            program.Map(".rodata").SetInitialValue(SysrecConfig.For(selection, options, variant), "cannot set the BPF program's settings");
            // A program on sys_exit slows every syscall's return on the machine, and every move of a task
            // between cgroups comes to judge_again_on_move: each is loaded only when used.
            variant.Apply(program, name => name switch
            {
                "record_sys_exit" => options.CaptureExit || options.Decode,
                "judge_again_on_move" => selection.Cgroups.Count > 0,
                _ => true,
            });
            program.SetAutoload("record_signal_delivery", options.Decode);
            program.SetAutoload("record_ignored_signal", options.Decode);
            // Without --decode the decoding maps are never read: the smallest they can be.
            program.Map("decode_specs").SetMaxEntries(options.Decode ? 2 * SyscallSlots.Numbers : 1u, "cannot size the decoding table");
            program.Map("decode_scratch").SetMaxEntries(options.Decode ? (uint)Interop.Libbpf.NumPossibleCpus() : 1u, "cannot size the decoding buffers");
            // A bit per thread id, as traced_tids has.
            program.Map("retry_tids").SetMaxEntries(options.Decode ? program.Map("traced_tids").MaxEntries : 1u, "cannot size the decoding retries");
            program.Load();
            rings.Fill(program.Map("records"));
            if (!selection.All)
                ProgramList.Fill(program.Map("progs"), selection.Names);
            if (options.Syscalls is { } filter)
                SyscallSlots.Fill(program.Map("syscall_filter"), SyscallSlots.Kept(filter));
            if (options.CapturePaths)
                SyscallSlots.Fill(program.Map("path_arg_positions"), PathArguments.InTables());
            if (options.DecodeSpecs is { } specs)
                FillDecodeSpecs(program.Map("decode_specs"), specs);
            return new Tracer(program, rings, variant, selection, options.Follow);
        }
        catch
        {
            rings?.Dispose();
            program.Dispose();
            throw;
        }
    }

    /// <summary>The path the program took on this kernel.</summary>
    public BpfVariant Variant { get; }

    /// <summary>
    /// Starts tracing into <paramref name="sink"/>: the reader first, then the programs attached, then the
    /// processes that already run marked (after the attach, so that whatever they fork from then on
    /// inherits the mark). Returns the processes marked.
    /// </summary>
    public IReadOnlyCollection<int> Start(IRecordSink sink) =>
        Start(() => RingBufferReader.Map(_rings.Fds, _rings.BytesEach, sink));

    /// <summary>As <see cref="Start(IRecordSink)"/> for a tracer loaded with <see cref="TracerOptions.DecodeSpecs"/>: every record goes to <paramref name="sink"/> as its bytes.</summary>
    public IReadOnlyCollection<int> Start(IDecodeRecordSink sink) =>
        Start(() => RingBufferReader.Map(_rings.Fds, _rings.BytesEach, sink));

    private IReadOnlyCollection<int> Start(Func<RingBufferReader> reader)
    {
        if (_reader is not null)
            throw new InvalidOperationException("the tracer has started already");
        _reader = reader();
        _program.Attach();
        return _marker.MarkRunning(_selection, _follow);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for records and hands the sink what came; returns how many.</summary>
    public int Poll(TimeSpan timeout) => Reader.Poll(timeout);

    /// <summary>Detaches, then hands the sink every record still in the ring buffer.</summary>
    public void Stop()
    {
        _program.Detach();
        // A record reserved just before the detach may still be in flight; one short wait covers it.
        Reader.Drain();
        Reader.Poll(TimeSpan.FromMilliseconds(10));
    }

    /// <summary>The BPF program's counters summed over CPUs, with the tasks marked from here added in.</summary>
    public TracerStats Stats
    {
        get
        {
            var total = new TracerStats { TasksMarked = _marker.TasksMarked };
            foreach (TracerStats cpu in _program.Map("stats").LookupPerCpu<TracerStats>(0, "cannot read the tracer's counters"))
            {
                total.Dropped += cpu.Dropped;
                total.TasksMarked += cpu.TasksMarked;
                total.TasksReleased += cpu.TasksReleased;
                total.TasksUntraced += cpu.TasksUntraced;
            }
            return total;
        }
    }

    public void Dispose()
    {
        _program.Detach();
        _reader?.Dispose();
        _marker.Dispose();
        _program.Dispose();
        _rings.Dispose();
    }

    private static void FillDecodeSpecs(BpfMap map, IEnumerable<(SyscallAbi Abi, long Number, DecodeSpec Spec)> specs)
    {
        foreach ((SyscallAbi abi, long number, DecodeSpec spec) in specs)
        {
            if (number >= SyscallSlots.Numbers)
                continue;
            uint slot = (uint)abi * SyscallSlots.Numbers + (uint)number;
            if (!map.TryUpdate(slot, spec, Interop.Libbpf.BPF_ANY, out int error))
                throw BpfFailure.Refused($"cannot fill the BPF map {map.Name}", error);
        }
    }

    private RingBufferReader Reader => _reader ?? throw new InvalidOperationException("the tracer has not started");
}
