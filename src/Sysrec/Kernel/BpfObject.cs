using System.Runtime.InteropServices;

namespace Sysrec.Kernel;

/// <summary>
/// The BPF object embedded in this binary (<c>sysrec.bpf.o</c>, built from bpf/): opened, set up before
/// <see cref="Load"/>, loaded into the kernel, its programs attached until <see cref="Detach"/>. It owns
/// libbpf's object; the maps and programs it hands out are libbpf's, good for as long as it is.
/// </summary>
internal sealed class BpfObject : IDisposable
{
    private const string Resource = "sysrec.bpf.o";

    // libbpf may parse the ELF image in place, so it stays pinned for the object's life.
    private readonly byte[] _image;
    private readonly SafeBpfObjectHandle _object;
    private readonly List<SafeBpfLinkHandle> _links = [];

    private BpfObject(byte[] image, SafeBpfObjectHandle obj)
    {
        _image = image;
        _object = obj;
    }

    /// <summary>Opens the object, its CO-RE reads relocated against <paramref name="btfPath"/> if given, else the kernel's own BTF.</summary>
    public static BpfObject OpenEmbedded(string? btfPath = null)
    {
        using Stream resource = typeof(BpfObject).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"resource {Resource} is missing from this build");
        byte[] image = GC.AllocateUninitializedArray<byte>(checked((int)resource.Length), pinned: true);
        resource.ReadExactly(image);
        SafeBpfObjectHandle obj = Interop.Libbpf.ObjectOpenMem(image, "sysrec\0"u8,
            btfPath is null ? [] : System.Text.Encoding.UTF8.GetBytes(btfPath + "\0"));
        if (obj.IsInvalid)
        {
            int error = Marshal.GetLastPInvokeError();
            obj.Dispose();
            throw BpfFailure.Refused("cannot open the embedded BPF object", error);
        }
        return new BpfObject(image, obj);
    }

    public BpfMap Map(string name)
    {
        nint map = Interop.Libbpf.ObjectFindMapByName(_object, name);
        return map != 0 ? new BpfMap(name, map) : throw new InvalidOperationException($"the embedded BPF object has no map {name}");
    }

    /// <summary>Whether <see cref="Load"/> loads the program and <see cref="Attach"/> attaches it; every program is, unless turned off here.</summary>
    public void SetAutoload(string program, bool autoload) => Interop.Libbpf.ProgramSetAutoload(Program(program), autoload);

    public void Load()
    {
        int status = Interop.Libbpf.ObjectLoad(_object);
        if (status != 0)
            throw BpfFailure.Refused("cannot load the BPF tracer into the kernel", -status);
    }

    /// <summary>Attaches every program that was loaded.</summary>
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
                throw BpfFailure.Refused($"cannot attach BPF program {Interop.Libbpf.ProgramName(program)}", error);
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

    public void Dispose()
    {
        Detach();
        _object.Dispose();
    }

    private nint Program(string name)
    {
        nint program = Interop.Libbpf.ObjectFindProgramByName(_object, name);
        return program != 0 ? program : throw new InvalidOperationException($"the embedded BPF object has no program {name}");
    }
}
