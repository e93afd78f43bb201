using Sysrec.Decoding;

namespace Sysrec.Tests.Decoding;

/// <summary>
/// Calls built by hand from what a workload did, replayed through the fd table and the renderer as the
/// recorder would replay the kernel's records, each rendering compared with the line strace printed for
/// the same call (addresses made alike). A call strace split is rendered split too. Lines strace printed
/// that a test does not build (the C library's own calls) are skipped; the mismatches are collected, so
/// that one run lists them all.
/// </summary>
internal sealed class StraceReplay
{
    private readonly StraceRun _run;
    private readonly Dictionary<int, int> _next = [];
    private readonly List<string> _mismatches = [];
    private readonly Dictionary<int, Queue<StraceLine>> _passedSignals = [];

    /// <param name="tracker">The fd table to replay through: one seeded by the test, else an empty one.</param>
    public StraceReplay(StraceRun run, FdTracker? tracker = null, int snaplen = StraceRenderer.DefaultSnaplen)
    {
        _run = run;
        Tracker = tracker ?? new FdTracker();
        Renderer = new StraceRenderer(snaplen, Tracker);
        Lines = new StraceLineWriter(Renderer, pidPrefix: false, TimestampStyle.None, durations: false, 0);
    }

    public FdTracker Tracker { get; }

    public StraceRenderer Renderer { get; }

    public StraceLineWriter Lines { get; }

    /// <summary>The calls compared, whole or in halves.</summary>
    public int Compared { get; private set; }

    /// <summary>
    /// The fds a workload started by <see cref="StraceRun"/> had, as the recorder would seed them from /proc:
    /// the test's own that exec keeps (the runner may hand some down), stdin and stdout /dev/null, stderr
    /// a pipe whose inode the test does not know, and its cwd.
    /// </summary>
    public void SeedInherited(int pid, string cwd)
    {
        FdTable table = new ProcFiles().Read("/proc/self")!;
        table.CloseOnExec();
        table.Set(0, FileDescription.ForDevice("/dev/null"u8.ToArray(), false, 1, 3), false);
        table.Set(1, FileDescription.ForDevice("/dev/null"u8.ToArray(), false, 1, 3), false);
        table.Remove(2);
        table.Cwd = System.Text.Encoding.UTF8.GetBytes(cwd);
        Tracker.Adopt(pid, table);
    }

    /// <summary>The next line of <paramref name="tid"/> for a call of <paramref name="name"/>, without taking it: for the values a run chose (ports, inodes, pids, times).</summary>
    public StraceLine Peek(int tid, string name) => Find(tid, name, take: false);

    /// <summary>Whether the thread's next call of <paramref name="name"/> comes before its next of <paramref name="before"/>: for a call that only some runs make (a join that waits).</summary>
    public bool Comes(int tid, string name, string before)
    {
        if (name.Length == 0 && _passedSignals.GetValueOrDefault(tid)?.Count > 0)
            return true;
        IReadOnlyList<StraceLine> lines = _run.Of(tid);
        for (int i = _next.GetValueOrDefault(tid); i < lines.Count; i++)
        {
            if (lines[i].Name == name)
                return true;
            if (lines[i].Name == before)
                return false;
        }
        return false;
    }

    /// <summary>The call's rendering against strace's next line for a call of its name from its thread.</summary>
    public void Expect(TestCall call)
    {
        string name = SyscallPrinters.Of(call.Abi, call.Number)!.Name;
        StraceLine line = Find(call.Tid, name, take: true);
        if (line.Unfinished is null && line.Resumed is null)
        {
            Compare(line.Text, call.Write((ref Utf8SpanWriter w, in DecodedCall c) => Renderer.WriteCall(ref w, c)));
            return;
        }
        if (line.Unfinished is not null)
            Compare(line.Unfinished, call.Write((ref Utf8SpanWriter w, in DecodedCall c) => Renderer.WriteUnfinished(ref w, c)));
        if (line.Resumed is not null)
        {
            Compare(line.Resumed, call.Write((ref Utf8SpanWriter w, in DecodedCall c) =>
            {
                Renderer.WriteResumed(ref w, c);
                w.Append(" = "u8);
                Renderer.WriteReturn(ref w, c);
            }));
        }
    }

    /// <summary>A fork event: the child's table, shared or copied.</summary>
    public void Fork(int parent, int parentPid, int child, int childPid, bool sharesFiles) =>
        Tracker.Fork(new ProcessFork(parent, parentPid, child, childPid, sharesFiles));

    public void ExpectExit(ProcessExit exit)
    {
        StraceLine line = Find(exit.Tid, "", take: true);
        Compare(line.Text + "\n", StraceRendererTests.Text((ref Utf8SpanWriter w) => Lines.WriteExit(ref w, exit)));
        Tracker.Exit(exit);
    }

    /// <summary>The next signal line of the thread, against the rendering of the signal <paramref name="info"/> makes of strace's line (for the times it printed).</summary>
    public void ExpectSignal(int tid, int pid, Func<StraceLine, SignalInfo> info)
    {
        StraceLine line = Find(tid, "", take: true);
        var signal = new SignalDelivery(tid, pid, 0, info(line));
        Compare(line.Text + "\n", StraceRendererTests.Text((ref Utf8SpanWriter w) => Lines.WriteSignal(ref w, signal)));
    }

    /// <summary>A wait for a child and the SIGCHLD of its end, in the order strace printed them: the child's exit races the wait.</summary>
    public void ExpectReaped(TestCall wait, Func<StraceLine, SignalInfo> info)
    {
        bool signalFirst = Comes(wait.Tid, "", before: SyscallPrinters.Of(wait.Abi, wait.Number)!.Name);
        if (signalFirst)
            ExpectSignal(wait.Tid, wait.Pid, info);
        Expect(wait);
        if (!signalFirst)
            ExpectSignal(wait.Tid, wait.Pid, info);
    }

    /// <summary>Fails with every mismatch, each with strace's line and the rendering.</summary>
    public void AssertAllAgree(int atLeast)
    {
        Assert.True(_mismatches.Count == 0, $"{_mismatches.Count} of {Compared} lines differ from strace's:\n" + string.Join("\n", _mismatches));
        Assert.True(Compared >= atLeast, $"only {Compared} lines compared");
    }

    private void Compare(string strace, string rendered)
    {
        Compared++;
        string expected = StraceRun.Normalize(strace), actual = StraceRun.Normalize(rendered);
        if (expected != actual)
            _mismatches.Add($"  strace: {expected}\n  sysrec: {actual}");
    }

    // Exit and signal lines have no name: "" finds the next of them, first those a call's line passed
    // (a signal strace printed before a call the test expects it after).
    private StraceLine Find(int tid, string name, bool take)
    {
        if (name.Length == 0 && _passedSignals.TryGetValue(tid, out Queue<StraceLine>? passed) && passed.Count > 0)
            return take ? passed.Dequeue() : passed.Peek();
        IReadOnlyList<StraceLine> lines = _run.Of(tid);
        int start = _next.GetValueOrDefault(tid);
        for (int i = start; i < lines.Count; i++)
        {
            if (lines[i].Name != name)
                continue;
            if (take)
            {
                _next[tid] = i + 1;
                for (int skipped = start; skipped < i; skipped++)
                {
                    if (lines[skipped].Name.Length == 0)
                        (_passedSignals.TryGetValue(tid, out Queue<StraceLine>? queue) ? queue : _passedSignals[tid] = new()).Enqueue(lines[skipped]);
                }
            }
            return lines[i];
        }
        string seen = string.Join("\n", lines.Skip(start).Take(5));
        throw new Xunit.Sdk.XunitException($"no {(name.Length == 0 ? "exit or signal" : name)} line of {tid} left; next:\n{seen}\n(so far: {string.Join("\n", _mismatches)})");
    }
}
