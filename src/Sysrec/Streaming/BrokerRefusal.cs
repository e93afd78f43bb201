namespace Sysrec.Streaming;

/// <summary>Why the broker would not have sysrec, and what to do about it; waiting does not cure it.</summary>
internal sealed record BrokerRefusal(string Why, string Remedy);
