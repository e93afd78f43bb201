using System.Text.Json;
using Sysrec.Kernel;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Layout;

/// <summary>The BTF of the BPF object embedded in the product, as bpftool dumps it: the struct layouts the compiler chose.</summary>
internal sealed class ObjectBtf
{
    private static readonly Lazy<ObjectBtf> s_embedded = new(Dump);

    private readonly Dictionary<int, JsonElement> _types;

    private ObjectBtf(Dictionary<int, JsonElement> types) => _types = types;

    public static ObjectBtf Embedded => s_embedded.Value;

    public JsonElement Struct(string name) =>
        _types.Values.Single(t => t.GetProperty("kind").GetString() == "STRUCT" && t.GetProperty("name").GetString() == name);

    public int SizeOf(string name) => Struct(name).GetProperty("size").GetInt32();

    /// <summary>The byte offset of a member, by its path through named and anonymous members: "un.path".</summary>
    public int OffsetOf(string name, string path)
    {
        JsonElement type = Struct(name);
        int offset = 0;
        foreach (string member in path.Split('.'))
        {
            (int at, JsonElement inner) = Find(type, member) ?? throw new KeyNotFoundException($"{name} has no member {path}");
            offset += at;
            type = inner;
        }
        return offset;
    }

    // The member called name, directly or inside an anonymous struct or union, with its offset and type.
    private (int Offset, JsonElement Type)? Find(JsonElement type, string name)
    {
        foreach (JsonElement member in type.GetProperty("members").EnumerateArray())
        {
            int offset = member.GetProperty("bits_offset").GetInt32() / 8;
            JsonElement memberType = _types[member.GetProperty("type_id").GetInt32()];
            string memberName = member.GetProperty("name").GetString()!;
            if (memberName == name)
                return (offset, memberType);
            if (memberName == "(anon)" && Find(memberType, name) is (int inner, JsonElement found))
                return (offset + inner, found);
        }
        return null;
    }

    private static ObjectBtf Dump()
    {
        using var dir = new TempDirectory();
        string objectFile = dir.File("sysrec.bpf.o");
        using (Stream embedded = typeof(Tracer).Assembly.GetManifestResourceStream("sysrec.bpf.o")!)
        using (FileStream file = File.Create(objectFile))
            embedded.CopyTo(file);
        CommandResult dump = Run.Command("bpftool", ["-j", "btf", "dump", "file", objectFile]);
        Assert.True(dump.ExitCode == 0, dump.Stderr);
        using var json = JsonDocument.Parse(dump.Stdout);
        return new ObjectBtf(json.RootElement.GetProperty("types").EnumerateArray()
            .ToDictionary(t => t.GetProperty("id").GetInt32(), t => t.Clone()));
    }
}
