using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>Mirror of <c>struct sysrec_config</c> in bpf/sysrec.h: the program's .rodata.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SysrecConfig
{
    public ulong WakeupBytes;
    public uint SelfTgid;
    public byte TraceAll;
    public byte Follow;
    public byte TraceLaunched;
    public byte CaptureArgs;
    public byte CaptureTime;
    public byte FilterSyscalls;
    public byte CaptureExit;
    public byte CapturePaths;
    public byte ExecEvents;
    public byte CaptureDecode;
    public uint Snaplen;
    public uint CgroupCount;
    public CgroupIds CgroupIds;
    public byte BoundedLoop;
    public byte TidTables;
    public byte CoreReads;

    /// <summary>What the program is to do for <paramref name="selection"/> and <paramref name="options"/>, on the path <paramref name="variant"/> takes.</summary>
    public static SysrecConfig For(TraceSelection selection, TracerOptions options, BpfVariant variant)
    {
        SysrecConfig config = Settings(selection, options, variant);
        config.CgroupCount = (uint)selection.Cgroups.Count;
        for (int i = 0; i < selection.Cgroups.Count; i++)
            config.CgroupIds[i] = selection.Cgroups[i].Id;
        return config;
    }

    private static SysrecConfig Settings(TraceSelection selection, TracerOptions options, BpfVariant variant) => new()
    {
        WakeupBytes = (ulong)options.WakeupBytes,
        SelfTgid = (uint)Environment.ProcessId,
        TraceAll = selection.All ? (byte)1 : (byte)0,
        Follow = options.Follow ? (byte)1 : (byte)0,
        TraceLaunched = options.TraceLaunched ? (byte)1 : (byte)0,
        CaptureArgs = options.CaptureArgs || options.CaptureExit || options.CapturePaths ? (byte)1 : (byte)0,
        CaptureTime = options.CaptureTime || options.CaptureArgs || options.CaptureExit || options.CapturePaths ? (byte)1 : (byte)0,
        // Decoding pairs each call with its return by records of its own.
        CaptureExit = options.CaptureExit && !options.Decode ? (byte)1 : (byte)0,
        FilterSyscalls = options.Syscalls is null ? (byte)0 : (byte)1,
        CapturePaths = options.CapturePaths ? (byte)1 : (byte)0,
        // A decoding reader would not know an exec event from an enter record; the execve call names the file.
        ExecEvents = options.ExecEvents && !options.Decode ? (byte)1 : (byte)0,
        CaptureDecode = options.Decode ? (byte)1 : (byte)0,
        Snaplen = (uint)options.Snaplen,
        BoundedLoop = variant.BoundedLoop ? (byte)1 : (byte)0,
        TidTables = variant.TidTables ? (byte)1 : (byte)0,
        CoreReads = variant.CoreReads ? (byte)1 : (byte)0,
    };
}
