namespace Sysrec.Tests.Integration;

/// <summary>What the records say and whose they are: long and many names, the comm of the moment, the i386 table, and never the recorder itself.</summary>
[Collection(KernelCollection.Name)]
public sealed class RecordContentTests
{
    [Fact]
    public void AHundredCharacterProgramNameIsMatchedWhole()
    {
        string name = "sr_long_" + new string('n', 91) + "a";
        // Same first 99 bytes and so the same 15-byte comm; only the full basename tells them apart.
        string twin = name[..^1] + "b";
        string listed = Workloads.Build("getppid_loop.c", name);
        string unlisted = Workloads.Build("getppid_loop.c", twin);
        int listedPid = 0, twinPid = 0;
        var trace = Recording.While([name], () =>
        {
            listedPid = Workloads.RunToEnd(listed, "100");
            twinPid = Workloads.RunToEnd(unlisted, "100");
        }).Entries;

        Assert.Equal(100, name.Length);
        Assert.Equal([100], MarkerBlocks.In(trace.SyscallsOf(listedPid)));
        Assert.All(trace.Where(e => e.Pid == listedPid), e => Assert.Equal(name[..15], e.Comm));
        Assert.Empty(trace.SyscallsOf(twinPid));
    }

    [Fact]
    public void TenThousandNamesFromAFileAreAllOnTheList()
    {
        using var dir = new TempDirectory();
        // The workload's name last, where a list cut short would lose it.
        File.WriteAllLines(dir.File("names"), Enumerable.Range(0, 9999).Select(i => $"sr_decoy_{i}").Append("sr_from_file"));
        string listed = Workloads.Build("getppid_loop.c", "sr_from_file");
        string unlisted = Workloads.Build("getppid_loop.c", "sr_not_in_file");
        int listedPid = 0, unlistedPid = 0;
        var trace = Recording.While(["--names-from", dir.File("names")], () =>
        {
            listedPid = Workloads.RunToEnd(listed, "100");
            unlistedPid = Workloads.RunToEnd(unlisted, "100");
        }).Entries;

        Assert.Equal([100], MarkerBlocks.In(trace.SyscallsOf(listedPid)));
        Assert.Empty(trace.SyscallsOf(unlistedPid));
    }

    [Fact]
    public void ANamesFileTakesCommentsAndBlankLines()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("names"), "# the services to record\n\nsr_named_in\n  # sr_commented_out, indented\n#sr_commented_out\n\t\n");
        string listed = Workloads.Build("getppid_loop.c", "sr_named_in");
        string commented = Workloads.Build("getppid_loop.c", "sr_commented_out");
        int listedPid = 0, commentedPid = 0;
        var trace = Recording.While(["--names-from", dir.File("names")], () =>
        {
            listedPid = Workloads.RunToEnd(listed, "100");
            commentedPid = Workloads.RunToEnd(commented, "100");
        }).Entries;

        Assert.Equal([100], MarkerBlocks.In(trace.SyscallsOf(listedPid)));
        Assert.Empty(trace.SyscallsOf(commentedPid));
        Assert.All(trace, e => Assert.Equal(listedPid, e.Pid));
        // Comments are no names: a file of nothing else names no program.
        File.WriteAllText(dir.File("comments"), "# sr_named_in\n  #sr_commented_out\n");
        // Were the file taken, the recording would end by itself rather than hang the test.
        CommandResult onlyComments = Run.Command(Repository.Sysrec, ["record", "-q", "-o", dir.File("t.log"), "--duration", "5", "--names-from", dir.File("comments")], dir.Path);
        Assert.StartsWith($"sysrec: {dir.File("comments")}: no program names in it", ErrorOutput.AssertOneLine(onlyComments, exitCode: 2));
    }

    [Fact]
    public void EachCallCarriesTheCommItWasMadeUnder()
    {
        string workload = Workloads.Build("rename_self.c", "sr_rename");
        int pid = 0;
        var trace = Recording.While(["sr_rename"], () => pid = Workloads.RunToEnd(workload, "renamed", "30", "40")).Entries;

        var calls = trace.Where(e => e.Pid == pid).ToList();
        int rename = calls.FindIndex(e => e.SyscallId == Nr.Prctl);
        Assert.True(rename >= 0, "the prctl is missing");
        // The prctl itself starts under the old name; the name changes as it returns.
        Assert.All(calls[..(rename + 1)], e => Assert.Equal("sr_rename", e.Comm));
        Assert.All(calls[(rename + 1)..], e => Assert.Equal("renamed", e.Comm));
        Assert.Equal([30], MarkerBlocks.In([.. calls[..rename].Select(e => e.SyscallId)]));
        Assert.Equal([40], MarkerBlocks.In([.. calls[(rename + 1)..].Select(e => e.SyscallId)]));
    }

    [Theory]
    [InlineData(Recording.Text)]
    [InlineData(Recording.Jsonl)]
    public void Int80CallsFromA64BitProcessAreWrittenInTheI386Table(string format)
    {
        string workload = Workloads.Build("int80_getpid.c", "sr_int80");
        int pid = 0;
        var recording = Recording.While(["sr_int80"], () => pid = Workloads.RunToEnd(workload, "200"), format);

        var calls = recording.Entries.Where(e => e.Pid == pid).Select(e => (e.Abi, e.SyscallId)).ToList();
        int start = calls.IndexOf((TraceFile.NativeAbi, Nr.SchedYield));
        int end = calls.LastIndexOf((TraceFile.NativeAbi, Nr.SchedYield));
        Assert.True(start >= 0 && end > start, "the native markers are missing");
        Assert.Equal(Enumerable.Repeat((TraceFile.I386Abi, Nr.I386Getpid), 200), calls[(start + 1)..end]);
        Assert.DoesNotContain(calls[..start], call => call.Abi == TraceFile.I386Abi);
        if (format == Recording.Text)
            Assert.Contains($"\n{pid}:i386/20:sr_int80\n", recording.Trace);
        else
            Assert.Contains("\"abi\":\"i386\",\"nr\":20,", recording.Trace);
    }

    [Fact]
    public void A32BitProcessIsRecordedInTheI386Table()
    {
        Assert.SkipUnless(Workloads.CanRun32Bit(), "cc -m32 cannot build or this kernel cannot run a 32-bit program (gcc-multilib, IA32 emulation)");
        string workload = Workloads.Build("getppid_loop.c", "sr_32bit", "-m32");
        int pid = 0;
        var trace = Recording.While(["sr_32bit"], () => pid = Workloads.RunToEnd(workload, "100")).Entries;

        var calls = trace.Where(e => e.Pid == pid).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, e => Assert.Equal(TraceFile.I386Abi, e.Abi));
        Assert.Equal([100], MarkerBlocks.In([.. calls.Select(e => e.SyscallId)], Nr.I386SchedYield, Nr.I386Getppid));
    }

    [Fact]
    public void A32BitProcesssArgumentsAreReadFromTheI386Registers()
    {
        Assert.SkipUnless(Workloads.CanRun32Bit(), "cc -m32 cannot build or this kernel cannot run a 32-bit program (gcc-multilib, IA32 emulation)");
        string workload = Workloads.Build("getppid_write.c", "sr_32bit_args", "-m32");
        int pid = 0;
        var calls = Recording.While(["sr_32bit_args"], () => pid = Workloads.RunToEnd(workload), Recording.Jsonl)
            .JsonlEntries.Where(e => e.Pid == pid).ToList();

        // write(1, "ok\n", 3), then exit_group(0), in the i386 table: 4 and 252, arguments in ebx, ecx, edx.
        JsonlEntry write = Assert.Single(calls, e => e.Abi == TraceFile.I386Abi && e.Nr == 4);
        Assert.Equal((1ul, 3ul), (write.Args[0], write.Args[2]));
        Assert.Equal(0ul, Assert.Single(calls, e => e.Abi == TraceFile.I386Abi && e.Nr == 252).Args[0]);
    }

    [Fact]
    public void UnderEverythingTheRecorderNeverRecordsItself()
    {
        string workload = Workloads.Build("getppid_loop.c", "sr_not_self");
        int recorderPid = 0, pid = 0;
        // A big buffer: everything the machine does goes through it, and a drop would spoil the count.
        var trace = Recording.While(["--buffer-size", "256M", "*"], recorder =>
        {
            recorderPid = recorder.Id;
            pid = Workloads.RunToEnd(workload, "1000");
        }).Entries;

        // Proof that it was recording everything while it polled and wrote its file.
        Assert.Equal([1000], MarkerBlocks.In(trace.SyscallsOf(pid)));
        Assert.DoesNotContain(trace, e => e.Pid == recorderPid);
    }
}
