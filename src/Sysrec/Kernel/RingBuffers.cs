using System.Numerics;
using Microsoft.Win32.SafeHandles;

namespace Sysrec.Kernel;

/// <summary>
/// The program's ring buffers, one per possible CPU (<c>records</c> in bpf/sysrec.bpf.c, an array of
/// them): made here before the program is loaded, since an array of maps is made with a map like those
/// it will hold, and put in it after.
/// </summary>
internal sealed class RingBuffers : IDisposable
{
    // Each CPU's share of --buffer-size, but never so small that a CPU's burst fills it at once.
    private const int LeastPerCpu = 1 << 20;

    private readonly SafeFileHandle[] _rings;

    private RingBuffers(SafeFileHandle[] rings, int bytesEach)
    {
        _rings = rings;
        BytesEach = bytesEach;
    }

    /// <summary>The size of each ring: <paramref name="totalBytes"/> shared among the CPUs.</summary>
    public int BytesEach { get; }

    public IReadOnlyList<SafeFileHandle> Fds => _rings;

    /// <summary>Makes a ring for each possible CPU, sharing <paramref name="totalBytes"/> (a power of two) among them.</summary>
    public static RingBuffers Create(int totalBytes)
    {
        int cpus = Math.Max(Interop.Libbpf.NumPossibleCpus(), 1);
        int each = Math.Max(1 << BitOperations.Log2((uint)(totalBytes / cpus)), Math.Min(totalBytes, LeastPerCpu));
        var rings = new SafeFileHandle[cpus];
        try
        {
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                int fd = Interop.Libbpf.MapCreate(Interop.Libbpf.BPF_MAP_TYPE_RINGBUF, $"sysrec_ring{cpu}", 0, 0, (uint)each, 0);
                if (fd < 0)
                    throw BpfFailure.Refused($"cannot make a ring buffer of {each} bytes for CPU {cpu}", -fd);
                rings[cpu] = new SafeFileHandle(fd, ownsHandle: true);
            }
            return new RingBuffers(rings, each);
        }
        catch
        {
            foreach (SafeFileHandle ring in rings)
                ring?.Dispose();
            throw;
        }
    }

    /// <summary>Before load: the array of rings made for as many as there are, checked against the first.</summary>
    public void Prepare(BpfMap records)
    {
        records.SetMaxEntries((uint)_rings.Length, "cannot size the array of ring buffers");
        records.SetInnerMap(_rings[0], "cannot set the ring buffers' template");
    }

    /// <summary>After load: each CPU's ring at its index.</summary>
    public void Fill(BpfMap records)
    {
        for (uint cpu = 0; cpu < _rings.Length; cpu++)
        {
            if (!records.TryUpdate(cpu, (int)_rings[cpu].DangerousGetHandle(), Interop.Libbpf.BPF_ANY, out int error))
                throw BpfFailure.Refused($"cannot give CPU {cpu} its ring buffer", error);
        }
    }

    public void Dispose()
    {
        foreach (SafeFileHandle ring in _rings)
            ring.Dispose();
    }
}
