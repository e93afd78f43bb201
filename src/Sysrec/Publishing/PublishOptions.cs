using Sysrec.Streaming;

namespace Sysrec.Publishing;

/// <param name="Broker">The NATS servers, and how to reach them.</param>
/// <param name="Subject">The subject the batches are published on, e.g. <c>sysrec.HOST</c>.</param>
/// <param name="Host">The host name the records carry.</param>
/// <param name="SpoolPath">The file batches wait in while the broker is slow or away, kept across runs.</param>
/// <param name="SpoolBytes">The spool's size limit.</param>
internal sealed record PublishOptions(BrokerAccess Broker, string Subject, string Host, string SpoolPath, long SpoolBytes);
