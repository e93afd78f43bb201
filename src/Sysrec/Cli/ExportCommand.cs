using System.CommandLine;
using Sysrec.Export;
using Sysrec.IO;
using Sysrec.Trace;

namespace Sysrec.Cli;

internal static class ExportCommand
{
    public static Command Create()
    {
        var input = new RecordingInput("A recording, text lines or jsonl (lidds needs jsonl)");
        var output = new Option<string>("--output", "-o") { Description = "Write the export to FILE", HelpName = "FILE", Required = true };
        Option<ExportFormat> format = OptionValues.Choice<ExportFormat>("--format",
            "parquet: a table with a row per syscall, for pandas, pyarrow, DuckDB, Spark; "
                + "lidds: lines in the LID-DS dataset's layout, time uid pid comm tid event direction params (needs jsonl); "
                + "to FILE.zip, a LID-DS recording: FILE.sc, .json, .res and .pcap");
        var lidds = new LiddsFlags();
        var command = new Command("export", """
            Export a recording as a dataset: a Parquet table with a row per syscall (ts_ns, pid, tid, comm, abi,
            nr, name, arg0..arg5, ret, dur_ns, time_unix_ns; null where the recording does not tell), LID-DS
            lines, or a whole LID-DS recording (a zip of its four files) when FILE ends in .zip.

            Examples:
              sysrec export trace.jsonl -o trace.parquet
              sysrec export trace.jsonl --format lidds -o trace.sc
              sysrec export attack.jsonl --format lidds -o scenario/test/normal_and_attack/attack_1.zip \
                  --container client:127.0.0.1:normal --exploit-time 2026-12-01T13:05:00Z --exploit-name CVE-2017-7529
            """)
        {
            output, format,
        };
        lidds.AddTo(command);
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            RecordingFiles recording = input.Read(parsed);
            string given = parsed.GetValue(output)!;
            bool liddsLines = parsed.GetValue(format) == ExportFormat.Lidds;
            bool liddsRecording = liddsLines && given.EndsWith(".zip", StringComparison.Ordinal);
            if (!liddsRecording && lidds.FirstGiven(parsed) is string option)
                throw SysrecException.BadArguments($"{option}: only a LID-DS recording has it; export with --format lidds -o NAME.zip");
            LiddsScenario? scenario = liddsRecording ? lidds.Scenario(parsed) : null;
            string path = liddsRecording ? lidds.Place(parsed, given, "Choose another scenario with -o SCENARIO/NAME.zip") : given;
            using FileStream? capture = liddsRecording ? lidds.OpenCapture(parsed) : null;
            using TraceReader trace = TraceReader.Open(recording);
            using var file = PendingOutputFile.Create(path, recording, "Choose another file with -o FILE");
            var progress = ExportProgress.ForThisTerminal();
            long calls;
            try
            {
                calls = file.Write(stream => scenario is not null
                    ? LiddsRecording.Write(stream, Path.GetFileNameWithoutExtension(path), trace, scenario, capture, progress).Calls
                    : liddsLines ? LiddsExport.Write(trace, stream, progress).Calls
                    : ParquetExport.Write(trace, stream, progress));
            }
            finally
            {
                // An error too starts on a clean line.
                progress?.Clear();
            }
            file.Commit();
            if (liddsLines && calls > 0 && trace.Clock is null)
                Console.Error.WriteLine($"sysrec: warning: {recording.Parts[0]} has no clock event (it was recorded before sysrec wrote them), so the times are CLOCK_MONOTONIC, not Unix time");
            Console.Error.WriteLine($"sysrec: {calls} calls exported to {file.Path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
