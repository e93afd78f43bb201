namespace Sysrec.Streaming;

/// <summary>
/// A recorder's CLOCK_MONOTONIC, which its records' times are in, and CLOCK_REALTIME, read together as it
/// started: what every batch carries so that a collector on another machine can give the records Unix times.
/// </summary>
internal readonly record struct RecorderClocks(ulong MonotonicNs, ulong RealtimeNs);
