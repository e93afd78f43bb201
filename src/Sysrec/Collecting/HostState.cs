namespace Sysrec.Collecting;

/// <summary>
/// How far a host's recording is complete, as the dataset's state file keeps it: the lengths of its
/// <c>trace.log</c> and <c>trace.jsonl</c>, and whether the jsonl lines carry returns.
/// </summary>
/// <param name="WithExit">The host's first records carried their returns, so every jsonl line has <c>ret</c> and <c>dur_ns</c> (null when a later record has none).</param>
internal readonly record struct HostState(long TextLength, long JsonlLength, bool WithExit);
