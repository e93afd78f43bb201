using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sysrec.Kernel;

/// <summary>One map of a <see cref="BpfObject"/>, by its name in bpf/sysrec.bpf.c.</summary>
internal readonly struct BpfMap(string name, nint map)
{
    public string Name => name;

    public int Fd => Interop.Libbpf.MapFd(map);

    public uint MaxEntries => Interop.Libbpf.MapMaxEntries(map);

    public uint KeySize => Interop.Libbpf.MapKeySize(map);

    /// <summary>Before load: how many entries (bytes, for a ring buffer) the map is made with.</summary>
    public void SetMaxEntries(uint entries, string what)
    {
        int status = Interop.Libbpf.MapSetMaxEntries(map, entries);
        if (status != 0)
            throw BpfFailure.Refused(what, -status);
    }

    /// <summary>Before load: the contents of a global section (.rodata), which <typeparamref name="T"/> mirrors.</summary>
    public void SetInitialValue<T>(in T value, string what) where T : unmanaged
    {
        nuint size = Interop.Libbpf.MapInitialValueSize(map);
        if (size != (nuint)Unsafe.SizeOf<T>())
            throw new InvalidOperationException($"the BPF object's {name} is {size} bytes, {typeof(T).Name} is {Unsafe.SizeOf<T>()}");
        int status = Interop.Libbpf.MapSetInitialValue(map, value);
        if (status != 0)
            throw BpfFailure.Refused(what, -status);
    }

    /// <summary>Whether the object's load creates the map: one the program only names in code the verifier prunes need not exist.</summary>
    public void SetAutocreate(bool autocreate) => Interop.Libbpf.MapSetAutocreate(map, autocreate);

    /// <summary>Before load, of an array of maps: the map its values are checked against.</summary>
    public void SetInnerMap(SafeFileHandle inner, string what)
    {
        int status = Interop.Libbpf.MapSetInnerMapFd(map, (int)inner.DangerousGetHandle());
        if (status != 0)
            throw BpfFailure.Refused(what, -status);
    }

    /// <summary>Sets an element; false with the errno in <paramref name="error"/> when the kernel refuses.</summary>
    public bool TryUpdate<TKey, TValue>(in TKey key, in TValue value, ulong flags, out int error) where TKey : unmanaged where TValue : unmanaged
    {
        bool updated = Interop.Libbpf.MapUpdateElem(Fd, key, value, flags) == 0;
        error = updated ? 0 : Marshal.GetLastPInvokeError();
        return updated;
    }

    /// <summary>Sets an element whose key is <paramref name="key"/>'s bytes (<see cref="KeySize"/> of them), or says why not.</summary>
    public void Update<TValue>(ReadOnlySpan<byte> key, in TValue value, string what) where TValue : unmanaged
    {
        if (Interop.Libbpf.MapUpdateElem(Fd, key, value, Interop.Libbpf.BPF_ANY) != 0)
            throw BpfFailure.Refused(what, Marshal.GetLastPInvokeError());
    }

    /// <summary>The values of a per-CPU array map's element <paramref name="key"/>, one per possible CPU.</summary>
    public TValue[] LookupPerCpu<TValue>(uint key, string what) where TValue : unmanaged
    {
        var values = new TValue[Interop.Libbpf.NumPossibleCpus()];
        if (Interop.Libbpf.MapLookupElem(Fd, key, values.AsSpan()) != 0)
            throw BpfFailure.Refused(what, Marshal.GetLastPInvokeError());
        return values;
    }

    /// <summary>Maps an array map of 64-bit words made with BPF_F_MMAPABLE, to change it with atomic instructions as the program does.</summary>
    public SafeMappedMemoryHandle MapShared()
    {
        SafeMappedMemoryHandle mapping = SafeMappedMemoryHandle.Map(Fd, 0, MaxEntries * (nuint)sizeof(ulong), Interop.Libc.PROT_READ | Interop.Libc.PROT_WRITE);
        if (mapping.IsInvalid)
        {
            int error = Marshal.GetLastPInvokeError();
            mapping.Dispose();
            throw BpfFailure.Refused($"cannot map the BPF map {name}", error);
        }
        return mapping;
    }
}
