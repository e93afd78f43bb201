namespace Sysrec.Recording;

/// <summary>What ends a recording of itself besides a signal and --duration: the container being recorded stopping.</summary>
/// <param name="What">What comes, for the start line: "stopping when WHAT".</param>
/// <param name="HasCome">Asked between reads of the ring buffer, a few times a second.</param>
internal sealed record RecordingEnd(string What, Func<bool> HasCome);
