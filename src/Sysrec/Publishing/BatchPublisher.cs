using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Sysrec.Streaming;

namespace Sysrec.Publishing;

/// <summary>
/// Publishes the backlog's batches to JetStream one after another, each under its own message id
/// (Nats-Msg-Id), so that a batch sent again after a lost acknowledgement is stored once. While the
/// broker is away it retries the oldest batch and the backlog piles up behind it. It gives up only when
/// the broker refuses it for good (its certificate, the credentials, the permission to publish on the
/// subject): <see cref="Refusal"/> then says why, and the backlog keeps every batch.
/// </summary>
internal sealed class BatchPublisher
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(2);

    private readonly Backlog _backlog;
    private readonly string _subject;
    private readonly BrokerAccess _broker;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _loop;
    private volatile NatsConnection? _connection;
    private volatile bool _finishing;
    private volatile string? _problem;
    private volatile BrokerRefusal? _refusal;

    private BatchPublisher(BrokerAccess broker, string subject, Backlog backlog)
    {
        _backlog = backlog;
        _subject = subject;
        _broker = broker;
        _loop = Task.Run(PublishAll);
    }

    /// <summary>Starts publishing in the background.</summary>
    public static BatchPublisher Start(BrokerAccess broker, string subject, Backlog backlog) => new(broker, subject, backlog);

    /// <summary>Why the last publish failed, while the broker has not taken a batch since; null when all is well.</summary>
    public string? Problem => _problem;

    /// <summary>Why the broker refused for good, once it has: publishing has stopped.</summary>
    public BrokerRefusal? Refusal => _refusal;

    /// <summary>
    /// Publishes what is left for up to <paramref name="grace"/>, then stops; whatever is still waiting goes
    /// to the spool. Returns whether everything was published.
    /// </summary>
    public bool Finish(TimeSpan grace)
    {
        _finishing = true;
        bool done;
        try
        {
            done = _loop.Wait(grace);
        }
        catch (AggregateException)
        {
            // PublishAll ends on what it does not foresee by leaving the rest where it is: nothing was lost.
            done = false;
        }
        _cancel.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
        }
        _backlog.KeepUnpublished();
        // Closing a connection to a broker that is away must not hold the end of the recording up either.
        _connection?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(1));
        return done && _backlog.Waiting == 0;
    }

    private async Task PublishAll()
    {
        try
        {
            if (await Connect().ConfigureAwait(false) is { } connection)
                await PublishInOrder(connection).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SysrecException)
        {
            // The spool cannot be read or updated: publishing stops, and what waits stays where it is.
            _problem = $"publishing stopped, the spool failed: {e.Message}";
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Connects, trying again while the broker is away (recording goes on meanwhile, into the spool), until
    /// it is reached; null if the broker refuses, or if the recording ends first.
    /// </summary>
    private async Task<NatsConnection?> Connect()
    {
        CancellationToken cancel = _cancel.Token;
        TimeSpan wait = TimeSpan.FromMilliseconds(100);
        while (!cancel.IsCancellationRequested && !(_finishing && _backlog.Waiting == 0))
        {
            var connection = new NatsConnection(_broker.Options("sysrec record") with
            {
                // Once connected, a connection that breaks is restored by the client, for as long as it takes.
                MaxReconnectRetry = -1,
                ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
                ReconnectWaitMax = TimeSpan.FromSeconds(2),
                RequestTimeout = AckTimeout,
                ConnectTimeout = AckTimeout,
                PublishTimeoutOnDisconnected = true,
            });
            _broker.Watch(connection);
            try
            {
                await connection.ConnectAsync().ConfigureAwait(false);
                _connection = connection;
                return connection;
            }
            catch (NatsException e)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                if (Refused(e))
                    return null;
                _problem = "the broker is unreachable";
            }
            await Task.Delay(wait, cancel).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
        }
        return null;
    }

    private async Task PublishInOrder(NatsConnection connection)
    {
        var stream = new NatsJSContext(connection);
        CancellationToken cancel = _cancel.Token;
        while (!cancel.IsCancellationRequested)
        {
            if (!_backlog.TryPeek(out ReadOnlyMemory<byte> batch, out int records))
            {
                if (_finishing)
                    return;
                await _backlog.WaitAsync(TimeSpan.FromMilliseconds(100), cancel).ConfigureAwait(false);
                continue;
            }
            // However the client waits (reconnecting, a cluster electing a leader), one attempt never takes long.
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            attempt.CancelAfter(2 * AckTimeout);
            try
            {
                PubAckResponse ack = await stream.PublishAsync(_subject, batch, NatsRawSerializer<ReadOnlyMemory<byte>>.Default,
                    new NatsJSPubOpts { MsgId = RecordBatch.MessageId(batch.Span) }, cancellationToken: attempt.Token).ConfigureAwait(false);
                // A batch sent again after its acknowledgement was lost (a recorder that died, a node failing
                // over) is one the stream holds already: the broker says it is a duplicate, and it is stored.
                if (!ack.Duplicate)
                    ack.EnsureSuccess();
                _backlog.Acknowledge(records);
                _problem = null;
            }
            catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException && !cancel.IsCancellationRequested)
            {
                if (Refused(e))
                    return;
                _problem = Describe(connection, e);
                await Task.Delay(RetryAfter, cancel).ConfigureAwait(false);
            }
        }
    }

    private bool Refused(Exception e)
    {
        if (_broker.Refusal(e) is not { } refusal)
            return false;
        _problem = refusal.Why;
        _refusal = refusal;
        return true;
    }

    private string Describe(NatsConnection connection, Exception e) => e switch
    {
        _ when connection.ConnectionState != NatsConnectionState.Open => "the broker is unreachable",
        // The broker answers a publish no stream takes with "no responders", which the client retries first.
        NatsNoRespondersException or NatsJSPublishNoResponseException => $"no stream takes subject {_subject}, or the broker does not answer",
        NatsJSApiException api => api.Error.Description ?? api.Message,
        _ => e.Message,
    };
}
