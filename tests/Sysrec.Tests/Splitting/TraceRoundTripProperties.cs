using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sysrec.Splitting;
using Sysrec.Tests.Integration;
using Sysrec.Text;
using Sysrec.Tracing;

namespace Sysrec.Tests.Splitting;

/// <summary>
/// Whatever name a process gives itself, the path from the kernel's record to the split's file loses
/// nothing and mixes nothing up: record, trace line, file, split, file name and content.
/// </summary>
public sealed class TraceRoundTripProperties : IDisposable
{
    // The kernel's comm: 16 bytes with room for its NUL.
    private const int RawCommBytes = 15;

    private readonly string _root = Directory.CreateTempSubdirectory("sysrec-roundtrip-").FullName;
    private int _trial;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>What the kernel hands over for one syscall, as far as a trace line carries it (public, as FsCheck's parameters must be).</summary>
    public sealed record Call(byte[] Comm, uint Pid, long SyscallId, bool I386)
    {
        internal SyscallAbi Abi => I386 ? SyscallAbi.I386 : SyscallAbi.Native;

        public override string ToString() => $"{Pid}:{(I386 ? "i386/" : "")}{SyscallId}:[{Convert.ToHexString(Comm)}]";
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Calls)])]
    public void EveryCommPidAndIdComesBackFromTheSplitsFileNameAndContent(Call[] calls)
    {
        string trial = Path.Combine(_root, $"{_trial++}");
        string output = Path.Combine(trial, "out");
        Directory.CreateDirectory(trial);
        string trace = Path.Combine(trial, "trace.log");
        WriteTrace(trace, calls);

        TraceSplitter.Split(trace, output, new SplitOptions(WriteManifest: true));

        // Expected per (comm, pid), in the order the calls were made; the key spells the comm in hex.
        var groups = calls.GroupBy(call => (Convert.ToHexString(call.Comm), call.Pid)).ToList();
        var expected = groups.ToDictionary(group => group.Key, group => string.Join(" ", group.Select(IdAsWritten)) + "\n");
        var found = new Dictionary<(string, uint), string>();
        foreach ((byte[] comm, uint pid, string content) in SplitFileName.ReadAll(output, except: "manifest.csv"))
            Assert.True(found.TryAdd((Convert.ToHexString(comm), pid), content), $"two files decode to comm {Convert.ToHexString(comm)} and pid {pid}");
        Assert.Equal(expected.OrderBy(pair => pair.Key), found.OrderBy(pair => pair.Key));
        // The manifest has a row per file, in order of first appearance, whose comm reads back to the same bytes.
        (_, List<ManifestRow> rows) = ManifestCsv.Read(Path.Combine(output, "manifest.csv"));
        Assert.Equal(groups.Select(group => (group.Key.Item1, group.Key.Pid, (long)group.Count())),
            rows.Select(row => (Convert.ToHexString(row.Comm), row.Id, row.Calls)));
        Assert.All(rows, row => Assert.Equal((Convert.ToHexString(row.Comm), row.Id), Decoded(row.File)));
        Directory.Delete(trial, recursive: true);
    }

    private static (string, uint) Decoded(string fileName)
    {
        (byte[] comm, uint pid) = SplitFileName.Decode(fileName);
        return (Convert.ToHexString(comm), pid);
    }

    private static void WriteTrace(string path, IEnumerable<Call> calls)
    {
        using var file = File.Create(path);
        var line = new byte[TraceLine.MaxLength];
        foreach (Call call in calls)
        {
            var record = new SyscallRecord { Pid = call.Pid, SyscallId = call.SyscallId, Abi = call.Abi };
            call.Comm.CopyTo(record.Comm);
            file.Write(line, 0, TraceLine.Format(record, line));
        }
    }

    private static string IdAsWritten(Call call) => call.I386 ? $"i386/{call.SyscallId}" : $"{call.SyscallId}";

    /// <summary>Calls whose comms lean towards the bytes that have broken names and lines before.</summary>
    public static class Calls
    {
        private static readonly byte[] s_awkwardBytes = [.. "\\:/%~.\n\r\t x=-+@'"u8, 0x01, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xFF];

        public static Arbitrary<Call[]> Arbitrary()
        {
            Gen<byte> commByte = Gen.Frequency(
                (2, Gen.Choose(1, 255).Select(b => (byte)b)),
                (1, Gen.Elements(s_awkwardBytes)));
            Gen<byte[]> comm = Gen.Choose(1, RawCommBytes).SelectMany(length => commByte.ArrayOf(length));
            Gen<uint> pid = Gen.Frequency(
                (3, ArbMap.Default.GeneratorFor<uint>()),
                (1, Gen.Elements(0u, 1u, uint.MaxValue)));
            Gen<long> id = Gen.Frequency(
                (3, ArbMap.Default.GeneratorFor<long>()),
                (1, Gen.Elements(0L, -1L, 59L, long.MinValue, long.MaxValue)));
            Gen<bool> i386 = Gen.Elements(false, true);
            Gen<Call> call = comm.SelectMany(c => pid.SelectMany(p => id.SelectMany(i => i386.Select(a => new Call(c, p, i, a)))));
            // Repeating earlier calls' comm and pid puts several ids in one file, and tells their order.
            Gen<Call[]> calls = call.NonEmptyListOf().Resize(30).SelectMany(distinct =>
                Gen.Choose(0, 2 * distinct.Count).SelectMany(repeats =>
                    Gen.Elements(distinct.ToArray()).SelectMany(template => id.Select(i => template with { SyscallId = i })).ArrayOf(repeats)
                        .SelectMany(extra => Gen.Shuffle(distinct.Concat(extra)))));
            return calls.ToArbitrary();
        }
    }
}
