using Sysrec.Streaming;

namespace Sysrec.Collecting;

/// <param name="Broker">The NATS servers, and how to reach them.</param>
/// <param name="Stream">The JetStream stream to read.</param>
/// <param name="Durable">The durable consumer's name: where the collect left off is kept by the broker under it.</param>
/// <param name="Hosts">The subjects this collect takes (<see cref="HostSubjects"/>), and the host each names.</param>
/// <param name="Create">Create the stream (or update it) with these subjects and replicas first; null to require it.</param>
internal sealed record CollectOptions(BrokerAccess Broker, string Stream, string Durable, HostSubjects Hosts, string Directory, StreamCreation? Create);
