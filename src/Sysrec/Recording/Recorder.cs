using Sysrec.Tracing;

namespace Sysrec.Recording;

internal sealed record RecordOptions(TraceSelection Selection, string OutputPath, bool Echo, TracerOptions Tracer);

/// <summary>One recording: load and attach the tracer, drain records to the trace file until asked to stop, then account for every record.</summary>
internal static class Recorder
{
    // How long a record may wait in the ring buffer when the kernel was told not to wake us for it.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static int Run(RecordOptions options, TextWriter status)
    {
        using var stop = new StopSignals();
        using Tracer tracer = Tracer.Load(options.Selection, options.Tracer);
        using var writer = new TraceTextWriter(OutputFile.Create(options.OutputPath), options.Echo ? Console.OpenStandardOutput() : null);
        using RecordReader reader = tracer.OpenReader(writer);

        tracer.Attach();
        status.WriteLine($"sysrec: recording {options.Selection.Describe()} to {options.OutputPath}; Ctrl-C to stop");

        while (!stop.Requested)
        {
            if (reader.Poll(PollInterval) > 0)
                writer.Flush();
        }

        tracer.Detach();
        // A record reserved just before the detach may still be in flight; one short wait covers it.
        reader.Drain();
        reader.Poll(TimeSpan.FromMilliseconds(10));
        writer.Flush();

        ulong dropped = tracer.DroppedRecords;
        status.WriteLine($"sysrec: {writer.LinesWritten} events written to {options.OutputPath}, {dropped} dropped");
        if (dropped > 0)
            status.WriteLine($"sysrec: warning: {dropped} events were lost because the ring buffer was full. Record fewer programs or raise --buffer-size");
        return ExitCodes.Success;
    }
}
