using System.CommandLine;
using Sysrec.Analysis;
using Sysrec.Reporting;

namespace Sysrec.Cli;

internal static class ReportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("trace")
        {
            Description = "A recording, text lines or jsonl (jsonl gives the timeline real time; times and errors need --exit)",
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the page to FILE instead of stdout", HelpName = "FILE" };
        var command = new Command("report",
            "Write one self-contained HTML page about a recording: the stats table, a timeline of each process, "
            + $"and a chart of its most frequent syscalls (for the {Report.MaxProcesses} busiest)")
        {
            input, output,
        };
        command.SetAction(parsed =>
        {
            // Read whole before the output exists, so a bad recording leaves no page behind.
            Report report = Report.Read(parsed.GetValue(input)!);
            if (parsed.GetValue(output) is string path)
                ReportOutput.ToFile(path, parsed.GetValue(input)!, "Choose another file with -o FILE", file => Write(report, file));
            else
                ReportOutput.ToStdout(stdout => Write(report, stdout));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(Report report, Stream output)
    {
        using var html = new StreamWriter(output);
        HtmlReportWriter.Write(report, html);
    }
}
