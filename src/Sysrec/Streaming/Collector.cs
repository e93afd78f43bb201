using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Sysrec.Streaming;

/// <param name="Stream">The JetStream stream to read.</param>
/// <param name="Durable">The durable consumer's name: where the collect left off is kept by the broker under it.</param>
/// <param name="Create">Create the stream (or update it) with these subjects and replicas first; null to require it.</param>
internal sealed record CollectOptions(StreamAddress Address, string Stream, string Durable, string Directory, StreamCreation? Create);

internal sealed record StreamCreation(string[] Subjects, int Replicas);

/// <summary>
/// Reads a stream of record batches through a durable pull consumer until it has nothing more, keeping
/// each record once in the dataset (<see cref="CollectedDataset"/>). A message is acknowledged only after
/// it is on disk, so the broker redelivers whatever a collect that died did not keep.
/// </summary>
internal static class Collector
{
    // The dataset keeps a record only past the last one it kept from the same recorder, which is right
    // while messages come in the stream's order. One unacknowledged message at a time keeps them in it:
    // a message a dead collect held comes again before any later one.
    private const int MessagesPerChunk = 1;
    // A cluster electing a new leader after a node went away answers nothing for a few seconds.
    private static readonly TimeSpan PatienceWithBroker = TimeSpan.FromSeconds(30);

    public static CollectSummary Collect(CollectOptions options) => CollectAsync(options).GetAwaiter().GetResult();

    private static async Task<CollectSummary> CollectAsync(CollectOptions options)
    {
        await using var connection = new NatsConnection(NatsOpts.Default with
        {
            Url = options.Address.Servers,
            Name = "sysrec collect",
            RequestTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        });
        try
        {
            await connection.ConnectAsync().ConfigureAwait(false);
        }
        catch (NatsException e)
        {
            throw new SysrecException(ExitCodes.Failure, $"cannot reach {options.Address}: {e.Message}. Start the broker, or check --from");
        }
        var js = new NatsJSContext(connection);
        INatsJSConsumer consumer = await Patiently(() => OpenConsumer(js, options)).ConfigureAwait(false);
        using CollectedDataset dataset = CollectedDataset.Open(options.Directory);
        var chunk = new List<NatsJSMsg<byte[]>>(MessagesPerChunk);
        while (true)
        {
            chunk.Clear();
            await Patiently(async () =>
            {
                chunk.Clear();
                var fetch = new NatsJSFetchOpts { MaxMsgs = MessagesPerChunk, Expires = TimeSpan.FromSeconds(2) };
                await foreach (NatsJSMsg<byte[]> message in consumer.FetchNoWaitAsync(fetch, NatsRawSerializer<byte[]>.Default).ConfigureAwait(false))
                    chunk.Add(message);
                return true;
            }).ConfigureAwait(false);
            // An empty fetch alone does not prove the end: a server that just joined may not route the
            // answer yet. The consumer's own count of messages not yet delivered does.
            if (chunk.Count == 0 && await NothingPending(consumer).ConfigureAwait(false))
                break;
            foreach (NatsJSMsg<byte[]> message in chunk)
                dataset.Add(message.Data ?? []);
            dataset.Commit();
            foreach (NatsJSMsg<byte[]> message in chunk)
                await Patiently(async () => { await message.AckAsync().ConfigureAwait(false); return true; }).ConfigureAwait(false);
        }
        return dataset.Finish();
    }

    private static async Task<bool> NothingPending(INatsJSConsumer consumer)
    {
        await Patiently(async () =>
        {
            await consumer.RefreshAsync().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        // A message delivered to a collect that died is not pending but waits to be delivered again.
        if (consumer.Info.NumPending == 0 && consumer.Info.NumAckPending == 0)
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
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                AckWait = TimeSpan.FromSeconds(30),
                MaxAckPending = MessagesPerChunk,
            }).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == 10059)
        {
            throw new SysrecException(ExitCodes.Failure, $"there is no stream {options.Stream} on {options.Address}. Create it with --create-stream, or check --stream");
        }
    }

    /// <summary>Retries what the broker fails with while it recovers (a node restarting, a leader being elected), for a while.</summary>
    private static async Task<T> Patiently<T>(Func<Task<T>> work)
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
                if (DateTime.UtcNow > giveUp)
                    throw new SysrecException(ExitCodes.Failure, $"the broker did not answer for {PatienceWithBroker.TotalSeconds:0} s: {e.Message}. Check that the stream's servers are up");
                await Task.Delay(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
            }
        }
    }
}
