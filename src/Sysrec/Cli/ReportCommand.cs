using System.CommandLine;
using Sysrec.Analysis;
using Sysrec.IO;
using Sysrec.Reporting;

namespace Sysrec.Cli;

internal static class ReportCommand
{
    public static Command Create()
    {
        var input = new RecordingInput("A recording, text lines or jsonl (jsonl gives the timeline real time; times and errors need --exit)");
        var output = new Option<string?>("--output", "-o") { Description = "Write the page to FILE instead of stdout", HelpName = "FILE" };
        var command = new Command("report",
            "Write one self-contained HTML page about a recording: the stats table, a timeline of each process, "
            + $"and a chart of its most frequent syscalls (for the {Report.MaxProcesses} busiest)")
        {
            output,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            // Read whole before the output exists, so a bad recording leaves no page behind.
            RecordingFiles recording = input.Read(parsed);
            Report report = Report.Read(recording);
            if (parsed.GetValue(output) is string path)
                ReportOutput.ToFile(path, recording, "Choose another file with -o FILE", file => Write(report, file));
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
