namespace Sysrec.Collecting;

/// <summary>
/// What one collect added: records kept, records seen again and skipped, messages that were not batches,
/// batches refused for naming another host than their subject (the first of them described), and records
/// a recorder published that were no longer in the stream when the records after them came.
/// </summary>
internal readonly record struct CollectSummary(long Messages, long Records, long Duplicates, long Malformed, long WrongHost, string? FirstWrongHost,
    long Missing, IReadOnlyList<string> Hosts);
