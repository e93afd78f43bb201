using System.CommandLine;
using Sysrec.Streaming;

namespace Sysrec.Cli;

/// <summary>The options of record that send the records to a NATS JetStream stream instead of a file.</summary>
internal sealed class StreamingOptions
{
    public const string DefaultSpool = "sysrec.spool";

    private readonly Option<string?> _sink = new("--sink")
    {
        Description = "Publish the records to NATS JetStream at nats://HOST:PORT or tls://HOST:PORT (several separated by commas) instead of writing a file",
        HelpName = "URL",
    };
    private readonly Option<string?> _subject = new("--subject")
    {
        Description = "The subject to publish on, ending with the host name (default sysrec.HOST)",
        HelpName = "SUBJECT",
    };
    private readonly Option<string?> _host = new("--host")
    {
        Description = "The host name the records carry (default this machine's name)",
        HelpName = "NAME",
    };
    private readonly Option<string> _spool = new("--spool")
    {
        Description = "Where records wait while the broker is slow or away, kept for the next run",
        HelpName = "FILE",
        DefaultValueFactory = _ => DefaultSpool,
    };
    private readonly Option<string> _spoolSize = new("--spool-size")
    {
        Description = "The spool's size limit; past it records are lost, and counted",
        HelpName = "SIZE",
        DefaultValueFactory = _ => "1G",
    };
    private readonly BrokerOptions _broker = new();

    public void AddTo(Command command)
    {
        command.Options.Add(_sink);
        command.Options.Add(_subject);
        command.Options.Add(_host);
        command.Options.Add(_spool);
        command.Options.Add(_spoolSize);
        _broker.AddTo(command);
    }

    /// <summary>The stream to publish to, or null to write the trace file.</summary>
    public StreamOptions? Read(ParseResult parsed)
    {
        if (parsed.GetValue(_sink) is not string sink)
        {
            foreach (Option option in new Option?[] { _subject, _host, _spool, _spoolSize, _broker.FirstGiven(parsed) }.OfType<Option>())
                if (parsed.GetResult(option) is { Implicit: false })
                    throw SysrecException.BadArguments($"{option.Name}: only means something with --sink nats://HOST:PORT");
            return null;
        }
        string host = parsed.GetValue(_host) ?? Environment.MachineName;
        if (!HostName.IsValid(host))
            throw SysrecException.BadArguments($"--host: '{host}' is not a usable host name: 1 to {RecordBatch.MaxHostLength} letters, digits, '.', '-' or '_', not starting with '.' or '-'");
        string subject = parsed.GetValue(_subject) ?? $"sysrec.{host}";
        if (subject.Length == 0 || subject.Any(c => char.IsWhiteSpace(c) || c is '*' or '>') || subject.Split('.').Any(token => token.Length == 0))
            throw SysrecException.BadArguments($"--subject: '{subject}' is not a subject to publish on: dot-separated tokens, no spaces or wildcards");
        // collect takes the host a batch comes from out of its subject, and refuses one whose records name another.
        if (subject != host && !subject.EndsWith($".{host}", StringComparison.Ordinal))
            throw SysrecException.BadArguments($"--subject: '{subject}' does not end with the host name, .{host}; collect keeps a batch only from the subject of the host it names");
        StreamAddress address = StreamAddress.Parse("--sink", sink);
        long spoolBytes = ByteSize.Parse("--spool-size", parsed.GetValue(_spoolSize)!);
        return new StreamOptions(_broker.Read(parsed, address, Console.Error), subject, host, parsed.GetValue(_spool)!, spoolBytes);
    }
}
