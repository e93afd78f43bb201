using System.Buffers;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Sysrec.Streaming;

/// <param name="Broker">The NATS servers, and how to reach them.</param>
/// <param name="Stream">The JetStream stream to read.</param>
/// <param name="Durable">The durable consumer's name: where the collect left off is kept by the broker under it.</param>
/// <param name="Hosts">The subjects this collect takes (<see cref="HostSubjects"/>), and the host each names.</param>
/// <param name="Create">Create the stream (or update it) with these subjects and replicas first; null to require it.</param>
internal sealed record CollectOptions(BrokerAccess Broker, string Stream, string Durable, HostSubjects Hosts, string Directory, StreamCreation? Create);

internal sealed record StreamCreation(string[] Subjects, int Replicas);

/// <summary>
/// Reads a stream of record batches through a durable pull consumer until it has nothing more, keeping
/// each record once in the dataset (<see cref="CollectedDataset"/>). Many messages are in flight at once;
/// they are written as they come, and acknowledged in chunks, each only after it is on disk, so the broker
/// redelivers whatever a collect that died did not keep. Order matters per recorder only: a batch that
/// comes before the one it follows (a redelivery overtaken by later batches) waits in memory, not yet
/// acknowledged, until the batches before it have come.
/// </summary>
internal static class Collector
{
    // A chunk of messages is written, synced and acknowledged together: up to 128 batches of 230 KB.
    private const int MessagesPerChunk = 128;
    // What the broker may have delivered and not had acknowledged: a chunk and the batches waiting for earlier ones.
    private const int MaxUnacknowledged = 512;
    // How long a delivered message may go unacknowledged before the broker sends it again: a chunk takes
    // well under a second, and what a collect that died held comes to the next one after this.
    private static readonly TimeSpan AckWait = TimeSpan.FromSeconds(10);
    // A cluster electing a new leader after a node went away answers nothing for a few seconds.
    private static readonly TimeSpan PatienceWithBroker = TimeSpan.FromSeconds(30);

    public static CollectSummary Collect(CollectOptions options) => CollectAsync(options).GetAwaiter().GetResult();

    private static async Task<CollectSummary> CollectAsync(CollectOptions options)
    {
        await using var connection = new NatsConnection(options.Broker.Options("sysrec collect") with
        {
            RequestTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });
        options.Broker.Watch(connection);
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
        }
        catch (NatsException e)
        {
            throw options.Broker.Refusal(e) is { } refusal
                ? new SysrecException(ExitCodes.Failure, $"cannot connect to {options.Broker.Address}: {refusal.Why}. {refusal.Remedy}")
                : new SysrecException(ExitCodes.Failure, $"cannot reach {options.Broker.Address}: {e.Message}. Start the broker, or check --from");
        }
        var js = new NatsJSContext(connection);
        INatsJSConsumer consumer = await Patiently(options.Broker, () => OpenConsumer(js, options)).ConfigureAwait(false);
        using CollectedDataset dataset = CollectedDataset.Open(options.Directory, options.Hosts);
        var waiting = new WaitingBatches<NatsJSMsg<IMemoryOwner<byte>>>();
        var done = new List<NatsJSMsg<IMemoryOwner<byte>>>(MaxUnacknowledged);
        try
        {
            while (true)
            {
                int fetched = 0;
                await Patiently(options.Broker, async () =>
                {
                    var fetch = new NatsJSFetchOpts { MaxMsgs = MessagesPerChunk, Expires = TimeSpan.FromSeconds(2) };
                    await foreach (NatsJSMsg<IMemoryOwner<byte>> message in consumer.FetchNoWaitAsync(fetch, NatsRawSerializer<IMemoryOwner<byte>>.Default).ConfigureAwait(false))
                    {
                        fetched++;
                        Keep(dataset, waiting, message, done);
                    }
                    return true;
                }).ConfigureAwait(false);
                // An empty fetch alone does not prove the end: a server that just joined may not route the
                // answer yet. The consumer's own count of messages not yet delivered does.
                if (fetched == 0 && await NothingPending(options.Broker, consumer, waiting.Count).ConfigureAwait(false))
                {
                    if (waiting.Count == 0)
                        break;
                    // What they wait for is no longer in the stream: they go in after the gap, which is counted.
                    foreach (NatsJSMsg<IMemoryOwner<byte>> message in waiting.TakeAll())
                        Keep(dataset, waiting, message, done, acceptGap: true);
                }
                if (done.Count == 0)
                    continue;
                dataset.Commit();
                foreach (NatsJSMsg<IMemoryOwner<byte>> message in done)
                {
                    await Patiently(options.Broker, async () => { await message.AckAsync().ConfigureAwait(false); return true; }).ConfigureAwait(false);
                    message.Data?.Dispose();
                }
                done.Clear();
            }
        }
        finally
        {
            // Those in a chunk may still be read by the dataset's writers: they are left to the GC.
            foreach (NatsJSMsg<IMemoryOwner<byte>> message in waiting.TakeAll())
                message.Data?.Dispose();
        }
        return dataset.Finish();
    }

    /// <summary>Adds a message to the dataset, or holds it until its recorder's earlier batches are in; then those it was holding up.</summary>
    private static void Keep(CollectedDataset dataset, WaitingBatches<NatsJSMsg<IMemoryOwner<byte>>> waiting, NatsJSMsg<IMemoryOwner<byte>> message,
        List<NatsJSMsg<IMemoryOwner<byte>>> done, bool acceptGap = false)
    {
        ReadOnlyMemory<byte> data = message.Data is { } owner ? owner.Memory : default;
        if (dataset.Add(message.Subject, data, acceptGap, out RecorderKey recorder, out ulong firstSequence) == BatchFate.Later)
        {
            // A copy delivered earlier and waiting still is replaced; acknowledging this one acknowledges the message.
            if (waiting.Hold(recorder, firstSequence, message, out NatsJSMsg<IMemoryOwner<byte>> replaced))
                replaced.Data?.Dispose();
            return;
        }
        done.Add(message);
        while (waiting.TryTakeReady(recorder, dataset.NextSequence(recorder), out NatsJSMsg<IMemoryOwner<byte>> ready))
        {
            dataset.Add(ready.Subject, ready.Data!.Memory, acceptGap: false, out _, out _);
            done.Add(ready);
        }
    }

    private static async Task<bool> NothingPending(BrokerAccess broker, INatsJSConsumer consumer, int held)
    {
        await Patiently(broker, async () =>
        {
            await consumer.RefreshAsync().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        // A message delivered to a collect that died is not pending but waits to be delivered again;
        // those this collect holds are the only unacknowledged ones that will not come again.
        if (consumer.Info.NumPending == 0 && consumer.Info.NumAckPending <= held)
            return true;
        await Task.Delay(TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        return false;
    }

    private static async Task<INatsJSConsumer> OpenConsumer(NatsJSContext js, CollectOptions options)
    {
        if (options.Create is { } create)
        {
            var config = new StreamConfig(options.Stream, create.Subjects)
            {
                NumReplicas = create.Replicas,
                Storage = StreamConfigStorage.File,
                DuplicateWindow = TimeSpan.FromMinutes(2),
            };
            try
            {
                try
                {
                    await js.CreateStreamAsync(config).ConfigureAwait(false);
                }
                catch (NatsJSApiException e) when (e.Error.ErrCode == 10058)
                {
                    // It exists already: made to match what was asked.
                    await js.UpdateStreamAsync(config).ConfigureAwait(false);
                }
            }
            catch (NatsJSApiException e) when (e.Error.Code != 503)
            {
                // Unlike "temporarily unavailable" (503, a cluster electing a leader), a refusal of the
                // settings (subjects, more replicas than servers) stays one however long we wait.
                throw new SysrecException(ExitCodes.Usage, $"the broker refused to create stream {options.Stream}: {e.Error.Description ?? e.Message}. Check --subjects and --replicas");
            }
        }
        try
        {
            return await js.CreateOrUpdateConsumerAsync(options.Stream, new ConsumerConfig(options.Durable)
            {
                FilterSubject = options.Hosts.Filter,
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                AckWait = AckWait,
                MaxAckPending = MaxUnacknowledged,
            }).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == 10059)
        {
            throw new SysrecException(ExitCodes.Failure, $"there is no stream {options.Stream} on {options.Broker.Address}. Create it with --create-stream, or check --stream");
        }
        catch (NatsJSApiException e) when (e.Error.Code != 503)
        {
            throw new SysrecException(ExitCodes.Usage, $"the broker refused consumer {options.Durable} on stream {options.Stream}: {e.Error.Description ?? e.Message}. Check --filter and --durable");
        }
    }

    /// <summary>Retries what the broker fails with while it recovers (a node restarting, a leader being elected), for a while; not a refusal.</summary>
    private static async Task<T> Patiently<T>(BrokerAccess broker, Func<Task<T>> work)
    {
        DateTime giveUp = DateTime.UtcNow + PatienceWithBroker;
        while (true)
        {
            try
            {
                return await work().ConfigureAwait(false);
            }
            catch (Exception e) when (e is NatsException or TimeoutException && e is not NatsJSApiException { Error.ErrCode: 10059 })
            {
                if (broker.Refusal(e) is { } refusal)
                    throw new SysrecException(ExitCodes.Failure, $"{broker.Address}: {refusal.Why}. {refusal.Remedy}");
                if (DateTime.UtcNow > giveUp)
                    throw new SysrecException(ExitCodes.Failure, $"the broker did not answer for {PatienceWithBroker.TotalSeconds:0} s: {e.Message}. Check that the stream's servers are up");
                await Task.Delay(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
            }
        }
    }
}
