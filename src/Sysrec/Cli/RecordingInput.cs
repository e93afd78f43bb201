using System.CommandLine;
using Sysrec.IO;

namespace Sysrec.Cli;

/// <summary>The recording a command reads, and how it treats lines that do not read: what every reading command takes.</summary>
internal sealed class RecordingInput
{
    private readonly Argument<string[]> _files;
    private readonly Option<bool> _lenient = new("--lenient")
    {
        Description = "Leave out, with a warning, every line that does not read, instead of stopping at the first (a last line cut short always is)",
    };

    /// <param name="description">What the command takes, in a few words.</param>
    /// <param name="optional">The command can make its recording itself instead.</param>
    public RecordingInput(string description, bool optional = false) => _files = new Argument<string[]>("trace")
    {
        Description = $"{description}; the first part of a --max-size recording brings the others",
        Arity = optional ? ArgumentArity.ZeroOrMore : ArgumentArity.OneOrMore,
    };

    /// <summary>A recording was named, or --lenient given for one.</summary>
    public bool Given(ParseResult parsed) => parsed.GetValue(_files) is { Length: > 0 } || parsed.GetValue(_lenient);

    public void AddTo(Command command)
    {
        command.Arguments.Add(_files);
        command.Options.Add(_lenient);
    }

    public RecordingFiles Read(ParseResult parsed) => RecordingFiles.From(parsed.GetValue(_files)!, parsed.GetValue(_lenient), Console.Error);
}
