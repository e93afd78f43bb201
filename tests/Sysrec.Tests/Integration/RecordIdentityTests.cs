namespace Sysrec.Tests.Integration;

/// <summary>Every record carries the caller's uid, gid and cgroup, as the kernel had them at the call.</summary>
[Collection(KernelCollection.Name)]
public sealed class RecordIdentityTests
{
    private const uint Uid = 4321;
    private const uint Gid = 8765;

    /// <summary>
    /// A shell that moves itself into a cgroup of the test's, then becomes uid 4321 and gid 8765 and makes
    /// 300 getppid calls: its first calls carry this test's cgroup and root, every call after the move the
    /// new cgroup's id and path, and the workload's every call the new ids.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("--exit")]
    [InlineData("--decode")]
    public void EachCallCarriesTheUidGidAndCgroupItWasMadeWith(string option)
    {
        using var dir = new TempDirectory();
        using TestCgroup cgroup = TestCgroup.Create();
        string workload = OpenToEveryone(dir, Workloads.Build("getppid_loop.c", "sr_identity"));
        string script = $"echo $$ > {cgroup.Path}/cgroup.procs && exec setpriv --ruid {Uid} --rgid {Gid} --keep-groups {workload} 300";

        Recording recording = Recording.OfCommand(["--format", "jsonl", .. option.Split(' ', StringSplitOptions.RemoveEmptyEntries)], "sh", "-c", script);

        Assert.True(recording.Recorder.ExitCode == 0, recording.Recorder.Stderr);
        IReadOnlyList<JsonlEntry> calls = recording.JsonlEntries;
        JsonlEntry first = calls[0];
        Assert.Equal((0u, 0u, TestCgroup.IdOfProcess(Environment.ProcessId), TestCgroup.PathOfProcess(Environment.ProcessId)),
            (first.Uid, first.Gid, first.CgroupId, first.Cgroup));
        int moved = calls.ToList().FindIndex(call => call.CgroupId == cgroup.Id);
        Assert.True(moved > 0, "no call in the test's cgroup");
        Assert.All(calls.Skip(moved), call => Assert.Equal((cgroup.Id, cgroup.Relative), (call.CgroupId, call.Cgroup)));
        JsonlEntry[] ofWorkload = [.. calls.Where(call => call.Comm == "sr_identity")];
        Assert.Equal(300, ofWorkload.Count(call => call.Name == "getppid"));
        Assert.All(ofWorkload, call => Assert.Equal((Uid, Gid), (call.Uid, call.Gid)));
    }

    /// <summary>The Parquet table and the LID-DS lines of such a recording carry the same uid, gid and cgroup.</summary>
    [Fact]
    public void ExportsCarryTheUidGidAndCgroupPath()
    {
        using var dir = new TempDirectory();
        Recording recording;
        ulong id;
        string path;
        using (TestCgroup cgroup = TestCgroup.Create())
        {
            (id, path) = (cgroup.Id, cgroup.Relative);
            string workload = OpenToEveryone(dir, Workloads.Build("getppid_loop.c", "sr_identity"));
            recording = Recording.OfCommand(["--format", "jsonl", "--exit"], "sh", "-c",
                $"echo $$ > {cgroup.Path}/cgroup.procs && exec setpriv --ruid {Uid} --rgid {Gid} --keep-groups {workload} 300");
        }
        // The cgroup is gone now; the recording still names it.
        File.WriteAllText(dir.File("trace.jsonl"), recording.Trace);

        CommandResult parquet = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "-o", "trace.parquet"], dir.Path);
        CommandResult lidds = Run.Command(Repository.Sysrec, ["export", "trace.jsonl", "--format", "lidds", "-o", "trace.sc"], dir.Path);

        Assert.True(parquet.ExitCode == 0 && lidds.ExitCode == 0, parquet.Stderr + lidds.Stderr);
        Export.ExportedRow[] rows = [.. Export.ExportedRow.ReadWithHyparquet(dir.File("trace.parquet")).Rows.Where(row => row.Comm == "sr_identity")];
        Assert.Equal(300, rows.Count(row => row.Name == "getppid"));
        Assert.All(rows, row => Assert.Equal(((long?)Uid, (long?)Gid, (long?)id, path), (row.Uid, row.Gid, row.CgroupId, row.Cgroup)));
        string[][] lines = [.. File.ReadAllLines(dir.File("trace.sc")).Select(line => line.Split(' ')).Where(fields => fields[3] == "sr_identity")];
        Assert.Equal(600, lines.Count(fields => fields[5] == "getppid"));
        Assert.All(lines, fields => Assert.Equal(Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[1]));
    }

    /// <summary>A copy of a workload that a process of any uid can run.</summary>
    private static string OpenToEveryone(TempDirectory dir, string workload)
    {
        const UnixFileMode Open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(dir.Path, Open);
        string copy = dir.File(Path.GetFileName(workload));
        File.Copy(workload, copy);
        File.SetUnixFileMode(copy, Open);
        return copy;
    }
}
