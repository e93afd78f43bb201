using System.CommandLine;
using Sysrec.Streaming;

namespace Sysrec.Cli;

internal static class CollectCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            Description = "The NATS servers, nats://HOST:PORT or tls://HOST:PORT (several separated by commas)",
            HelpName = "URL",
            Required = true,
        };
        var stream = new Option<string>("--stream")
        {
            Description = "The JetStream stream the recorders publish into",
            HelpName = "NAME",
            Required = true,
        };
        var directory = new Option<string>("--directory", "-d")
        {
            Description = "Build the dataset in DIR: DIR/HOST/trace.log, trace.jsonl, <comm>:<pid>.log files, manifest.csv and trace.parquet",
            HelpName = "DIR",
            DefaultValueFactory = _ => ".",
        };
        var durable = new Option<string>("--durable")
        {
            Description = "The durable consumer's name, under which the broker keeps where collect left off",
            HelpName = "NAME",
            DefaultValueFactory = _ => "sysrec-collect",
        };
        var filter = new Option<string>("--filter")
        {
            Description = "Collect the batches published on SUBJECT only; its final '>' stands for the host name, which a batch's records must carry",
            HelpName = "SUBJECT",
            DefaultValueFactory = _ => HostSubjects.Default,
        };
        var broker = new BrokerOptions();
        var create = new Option<bool>("--create-stream") { Description = "Create the stream first (or update it) on the subjects of --subjects" };
        var subjects = new Option<string>("--subjects")
        {
            Description = "With --create-stream: the subjects it takes, comma-separated",
            HelpName = "LIST",
            DefaultValueFactory = _ => "sysrec.>",
        };
        var replicas = new Option<int>("--replicas")
        {
            Description = "With --create-stream: on how many servers each message is kept (1 to 5)",
            HelpName = "N",
            DefaultValueFactory = _ => 1,
            CustomParser = result => OptionValues.Integer(result, "--replicas", 1, 5),
        };
        var command = new Command("collect", """
            Read the records recorders published into a NATS JetStream stream (record --sink) and build a dataset:
            per host its recording (trace.log, trace.jsonl), one <comm>:<pid>.log file per process with their
            manifest.csv, and trace.parquet. Each record is kept once however often it arrives; a later collect
            goes on where this one stopped.

            Examples:
              sysrec collect --from nats://10.0.0.5:4222 --stream SYSREC -d dataset
              sysrec collect --from nats://a:4222,nats://b:4222 --stream SYSREC --create-stream --replicas 3
              sysrec collect --from tls://nats:4222 --tls-ca ca.pem --nkey collector.nk --stream SYSREC \
                --filter 'sysrec.rack1.>' --durable rack1 -d rack1
            """)
        {
            from, stream, directory, durable, filter, create, subjects, replicas,
        };
        broker.AddTo(command);
        command.SetAction(parsed =>
        {
            string name = parsed.GetValue(stream)!;
            if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c is '.' or '*' or '>' or '/' or '\\'))
                throw SysrecException.BadArguments($"--stream: '{name}' is not a stream name: no spaces, '.', '*', '>' or slashes");
            int copies = parsed.GetValue(replicas);
            string outputDirectory = parsed.GetValue(directory)!;
            if (outputDirectory.Length == 0)
                throw SysrecException.BadArguments("--directory: an empty name names no directory; give DIR, or leave -d out for the current one");
            HostSubjects hosts = HostSubjects.Parse("--filter", parsed.GetValue(filter)!);
            BrokerAccess access = broker.Read(parsed, StreamAddress.Parse("--from", parsed.GetValue(from)!), Console.Error);
            var options = new CollectOptions(access, name, parsed.GetValue(durable)!, hosts, outputDirectory,
                parsed.GetValue(create) ? new StreamCreation(parsed.GetValue(subjects)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), copies) : null);
            CollectSummary summary = Collector.Collect(options);
            if (summary.Malformed > 0)
                Console.Error.WriteLine($"sysrec: warning: {summary.Malformed} messages in {name} were not sysrec record batches and were left out");
            if (summary.WrongHost > 0)
                Console.Error.WriteLine($"sysrec: warning: {summary.WrongHost} batches were refused and left out because their records name another host than "
                    + $"their subject ({summary.FirstWrongHost}): a host publishing for another. Check which user may publish on that subject");
            if (summary.Missing > 0)
                Console.Error.WriteLine($"sysrec: warning: {summary.Missing} records were no longer in {name} when the records after them came, and are missing. Keep the stream's messages longer");
            Console.Error.WriteLine($"sysrec: {summary.Records} records collected into {outputDirectory} from {summary.Messages} messages, "
                + $"{summary.Duplicates} duplicates skipped; hosts: {(summary.Hosts.Count == 0 ? "none new" : string.Join(", ", summary.Hosts))}");
            return ExitCodes.Success;
        });
        return command;
    }
}
