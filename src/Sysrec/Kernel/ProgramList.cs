namespace Sysrec.Kernel;

/// <summary>
/// The basenames a process must exec to become traced: the BPF map <c>progs</c>, keyed by the name's
/// bytes (NUL-padded to SYSREC_NAME_LEN), the value its index in the selection, which records carry.
/// </summary>
internal static class ProgramList
{
    /// <summary>Before load: a selection longer than the map would only fail halfway through filling it.</summary>
    public static void CheckCapacity(BpfMap progs, TraceSelection selection)
    {
        uint capacity = progs.MaxEntries;
        if (!selection.All && selection.Names.Count > capacity)
            throw new SysrecException(ExitCodes.Usage,
                $"too many program names: {selection.Names.Count} given, the list holds at most {capacity}. Trace fewer programs, or '*' for all");
    }

    public static void Fill(BpfMap progs, IReadOnlyList<string> names)
    {
        Span<byte> key = stackalloc byte[(int)progs.KeySize];
        for (uint index = 0; index < names.Count; index++)
        {
            key.Clear();
            KernelString.Encode(names[(int)index], key);
            progs.Update(key, index, $"cannot add '{names[(int)index]}' to the program list");
        }
    }
}
