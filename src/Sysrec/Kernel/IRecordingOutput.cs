namespace Sysrec.Kernel;

/// <summary>
/// Where a recording's records end up, and what the end report says of them: the trace file
/// (<see cref="Trace.TraceWriter{TFormatter}"/>), a file per process (<see cref="Recording.PerProcessTraceWriter"/>) or a
/// stream (<see cref="Publishing.Publication"/>), each an <see cref="IRecordOutput"/>; or strace's lines
/// (<see cref="Trace.StraceWriter"/>), which take decoded calls instead. It lives here, beside <see cref="IRecordSink"/>, so that
/// each of them is one without knowing the others or the recording loop.
/// </summary>
internal interface IRecordingOutput : IDisposable
{
    /// <summary>Where the records go, for the messages: a file name, or a stream's address and subject.</summary>
    string Name { get; }

    /// <summary>Records taken so far.</summary>
    long Records { get; }

    /// <summary>A reason to stop: the reader of the echoed trace went away (e.g. <c>| head</c>).</summary>
    bool EchoClosed { get; }

    /// <summary>
    /// The recording has really begun (run's command has started): an output that kept what its file held
    /// until now lets it go (see <see cref="Trace.TraceOutput.Begin"/>).
    /// </summary>
    void Begin();

    /// <summary>Passes on the records taken so far, at the end of each read of the ring buffer.</summary>
    void Flush();

    /// <summary>How far the output has got, the end of the live status line.</summary>
    string Progress();

    /// <summary>
    /// After the last record: passes everything on (waiting a bounded time at most) and says, for the end
    /// report, where the records went (after "N events") and what the user must know besides.
    /// </summary>
    (string Where, IReadOnlyList<string> Notes) Finish();
}
