using System.Globalization;
using Sysrec.Kernel;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Kernels;

/// <summary>
/// The kernel each program of the embedded BPF object needs, from the helpers it calls (its subprograms
/// and callbacks included) and a table of each helper's first kernel kept as data (bpf-helpers.tsv):
/// plain recording needs no more than the documented minimum, every newer helper has a fallback, and the
/// raw_tp twins a kernel without callbacks loads name none, nor use the atomic or and and of 5.12.
/// </summary>
public sealed class BpfHelperKernelTests
{
    /// <summary>README, Kernels: what plain recording needs once every fallback is taken (the ring buffer).</summary>
    private static readonly Version s_documentedMinimum = new(5, 8);

    private static readonly IReadOnlyList<ProgramCalls> s_programs = BpfObjectCalls.Read(EmbeddedObject());

    private static readonly Dictionary<int, (string Name, Version Kernel, string Feature)> s_helpers = File
        .ReadLines(Path.Combine(Repository.Root, "tests", "Sysrec.Tests", "Kernels", "bpf-helpers.tsv"))
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split('\t'))
        .ToDictionary(fields => int.Parse(fields[0], CultureInfo.InvariantCulture), fields => (fields[1], Version.Parse(fields[2]), fields[3]));

    [Fact]
    public void TheObjectIsReadWhole()
    {
        // Proof that the reader follows calls: the exec program reaches bpf_loop only through a subprogram's callback.
        Assert.Contains(s_programs, program => program.Name == "mark_on_exec" && program.NamesCallback && program.Helpers.Contains(181));
        Assert.Contains(s_programs, program => program.Name == "record_sys_enter_compat" && program.Helpers.Contains(131));
        Assert.Contains(s_programs, program => program.Name == "mark_on_exec" && program.NewerAtomics);
        Assert.Equal(16, s_programs.Count);
    }

    [Fact]
    public void EveryHelperTheObjectCallsHasItsFirstKernelInTheTable()
    {
        int[] unknown = [.. s_programs.SelectMany(program => program.Helpers).Distinct().Where(id => !s_helpers.ContainsKey(id)).Order()];

        Assert.True(unknown.Length == 0, $"helpers {string.Join(", ", unknown)} are missing from bpf-helpers.tsv: add each with its first kernel");
    }

    [Fact]
    public void TheRawTpTwinsNeedNoMoreThanTheDocumentedMinimumAndNameNoCallback()
    {
        ProgramCalls[] compat = [.. s_programs.Where(program => program.Section.StartsWith("raw_tp/", StringComparison.Ordinal))];

        Assert.Equal(6, compat.Length);
        foreach (ProgramCalls program in compat)
        {
            Assert.False(program.NamesCallback, $"{program.Name} names a callback, which kernels before 5.13 refuse");
            Assert.False(program.NewerAtomics, $"{program.Name} uses an atomic or, and, xor or fetch, which kernels before 5.12 refuse");
            string[] newer = [.. program.Helpers.Where(id => s_helpers.TryGetValue(id, out var helper) && helper.Kernel > s_documentedMinimum)
                .Select(id => $"{s_helpers[id].Name} (Linux {s_helpers[id].Kernel})")];
            Assert.True(newer.Length == 0, $"{program.Name} calls {string.Join(", ", newer)}, newer than Linux {s_documentedMinimum}");
        }
    }

    [Fact]
    public void EveryHelperNewerThanTheDocumentedMinimumHasAFallback()
    {
        foreach (ProgramCalls program in s_programs)
        {
            foreach (int id in program.Helpers.Where(id => s_helpers.TryGetValue(id, out var helper) && helper.Kernel > s_documentedMinimum))
            {
                (string name, Version kernel, string feature) = s_helpers[id];
                Assert.True(BpfFeatures.Parse(feature) is BpfFeature known && BpfFeatures.FirstKernel(known) >= kernel,
                    $"{program.Name} calls {name} (Linux {kernel}), newer than Linux {s_documentedMinimum}, and no fallback covers it: "
                    + "give it one (a feature of BpfFeature the loader probes) or raise the documented minimum");
            }
        }
    }

    [Fact]
    public void TheReadmeDocumentsTheMinimum()
    {
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

        Assert.Contains($"Plain recording needs Linux {s_documentedMinimum}", readme);
    }

    private static byte[] EmbeddedObject()
    {
        using Stream embedded = typeof(Tracer).Assembly.GetManifestResourceStream("sysrec.bpf.o")!;
        using var copy = new MemoryStream();
        embedded.CopyTo(copy);
        return copy.ToArray();
    }
}
