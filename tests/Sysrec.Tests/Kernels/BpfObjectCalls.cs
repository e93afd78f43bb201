using System.Buffers.Binary;
using System.Text;

namespace Sysrec.Tests.Kernels;

/// <summary>What one program of a BPF object calls, its subprograms and callbacks included.</summary>
/// <param name="NewerAtomics">An atomic instruction other than the add that BPF has had from the start (or, and, xor, fetch, exchange: 5.12).</param>
internal sealed record ProgramCalls(string Name, string Section, IReadOnlySet<int> Helpers, bool NamesCallback, bool NewerAtomics);

/// <summary>
/// Reads a BPF ELF object as libbpf would link it: each program's section, the .text functions its calls
/// reach (BPF-to-BPF calls, through their relocations) and the functions it names as callbacks (ld_imm64
/// of a .text address, as bpf_loop takes), and the helper ids all of them call.
/// </summary>
internal static class BpfObjectCalls
{
    private const int SymbolSize = 24;
    private const int RelocationSize = 16;
    private const uint SHT_SYMTAB = 2;
    private const uint SHT_REL = 9;
    private const ulong SHF_EXECINSTR = 4;
    private const byte Call = 0x85;
    private const byte LoadImm64 = 0x18;
    private const byte AtomicWord = 0xc3;
    private const byte AtomicDoubleWord = 0xdb;
    private const int PseudoCall = 1;

    private sealed record Section(string Name, uint Type, ulong Flags, int Offset, int Size, int Link, int Info);
    private sealed record Symbol(string Name, int Section, int Value, int Size, bool Function);

    public static IReadOnlyList<ProgramCalls> Read(byte[] elf)
    {
        Section[] sections = Sections(elf);
        Section symtab = sections.Single(section => section.Type == SHT_SYMTAB);
        Symbol[] symbols = Symbols(elf, symtab, sections[symtab.Link]);
        int text = Array.FindIndex(sections, section => section.Name == ".text");
        // Relocations by the section they apply to, then by the offset of the instruction.
        var relocations = sections.Where(section => section.Type == SHT_REL)
            .ToDictionary(section => section.Info, section => Relocations(elf, section, symbols));
        Symbol[] functions = [.. symbols.Where(symbol => symbol.Function && symbol.Section == text)];

        var programs = new List<ProgramCalls>();
        for (int index = 0; index < sections.Length; index++)
        {
            Section section = sections[index];
            if ((section.Flags & SHF_EXECINSTR) == 0 || index == text)
                continue;
            foreach (Symbol program in symbols.Where(symbol => symbol.Function && symbol.Section == index))
            {
                var helpers = new HashSet<int>();
                var seen = new HashSet<int>();
                bool callback = false, newerAtomics = false;
                var pending = new Stack<(int Section, int Start, int End)>();
                pending.Push((index, program.Value, program.Value + program.Size));
                while (pending.TryPop(out var code))
                {
                    Dictionary<int, Symbol> relocated = relocations.GetValueOrDefault(code.Section) ?? [];
                    int sectionStart = sections[code.Section].Offset;
                    for (int at = code.Start; at < code.End; at += 8)
                    {
                        ReadOnlySpan<byte> insn = elf.AsSpan(sectionStart + at, 8);
                        int imm = BinaryPrimitives.ReadInt32LittleEndian(insn[4..]);
                        int? target = null;
                        if (insn[0] is AtomicWord or AtomicDoubleWord && imm != 0)
                            newerAtomics = true;
                        if (insn[0] == Call && insn[1] >> 4 != PseudoCall)
                            helpers.Add(imm);
                        else if (insn[0] == Call)
                            target = relocated.TryGetValue(at, out Symbol? callee) ? callee.Value + (imm + 1) * 8 : code.Section == text ? at + (imm + 1) * 8 : null;
                        else if (insn[0] == LoadImm64 && relocated.TryGetValue(at, out Symbol? named) && named.Section == text)
                        {
                            target = named.Value + imm;
                            callback = true;
                        }
                        if (target is int offset && functions.FirstOrDefault(f => f.Value <= offset && offset < f.Value + f.Size) is { } function
                            && seen.Add(function.Value))
                            pending.Push((text, function.Value, function.Value + function.Size));
                    }
                }
                programs.Add(new ProgramCalls(program.Name, section.Name, helpers, callback, newerAtomics));
            }
        }
        return programs;
    }

    private static Section[] Sections(byte[] elf)
    {
        int offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3a));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3c));
        int names = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3e));
        var raw = new (uint Name, uint Type, ulong Flags, int Offset, int Size, int Link, int Info)[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> header = elf.AsSpan(offset + i * entrySize, entrySize);
            raw[i] = (BinaryPrimitives.ReadUInt32LittleEndian(header), BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
                BinaryPrimitives.ReadUInt64LittleEndian(header[8..]), (int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]),
                (int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]), (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]),
                (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x2c..]));
        }
        int strings = raw[names].Offset;
        return [.. raw.Select(s => new Section(String(elf, strings + (int)s.Name), s.Type, s.Flags, s.Offset, s.Size, s.Link, s.Info))];
    }

    private static Symbol[] Symbols(byte[] elf, Section symtab, Section strtab)
    {
        var symbols = new Symbol[symtab.Size / SymbolSize];
        for (int i = 0; i < symbols.Length; i++)
        {
            ReadOnlySpan<byte> entry = elf.AsSpan(symtab.Offset + i * SymbolSize, SymbolSize);
            symbols[i] = new Symbol(String(elf, strtab.Offset + (int)BinaryPrimitives.ReadUInt32LittleEndian(entry)),
                BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]), (int)BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
                (int)BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]), (entry[4] & 0xf) == 2);
        }
        return symbols;
    }

    private static Dictionary<int, Symbol> Relocations(byte[] elf, Section rel, Symbol[] symbols)
    {
        var relocated = new Dictionary<int, Symbol>();
        for (int at = rel.Offset; at < rel.Offset + rel.Size; at += RelocationSize)
        {
            int offset = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(at));
            int symbol = (int)(BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(at + 8)) >> 32);
            relocated[offset] = symbols[symbol];
        }
        return relocated;
    }

    private static string String(byte[] elf, int at) => Encoding.ASCII.GetString(elf, at, Array.IndexOf(elf, (byte)0, at) - at);
}
