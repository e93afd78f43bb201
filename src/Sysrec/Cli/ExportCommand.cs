using System.CommandLine;
using Sysrec.Analysis;
using Sysrec.Export;
using Sysrec.IO;

namespace Sysrec.Cli;

internal static class ExportCommand
{
    public static Command Create()
    {
        var input = new RecordingInput("A recording, text lines or jsonl (lidds needs jsonl)");
        var output = new Option<string>("--output", "-o") { Description = "Write the export to FILE", HelpName = "FILE", Required = true };
        var format = new Option<string>("--format")
        {
            Description = "parquet: a table with a row per syscall, for pandas, pyarrow, DuckDB, Spark; "
                + "lidds: lines in the LID-DS dataset's layout, time uid pid comm tid syscall direction args (needs jsonl)",
            DefaultValueFactory = _ => "parquet",
        }.OneOf("parquet", "lidds");
        var command = new Command("export", """
            Export a recording as a dataset: a Parquet table with a row per syscall (ts_ns, pid, tid, comm, abi,
            nr, name, arg0..arg5, ret, dur_ns; null where the recording does not tell), or LID-DS style lines.

            Examples:
              sysrec export trace.jsonl -o trace.parquet
              sysrec export trace.jsonl --format lidds -o trace.sc
            """)
        {
            output, format,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            RecordingFiles recording = input.Read(parsed);
            bool lidds = parsed.GetValue(format) == "lidds";
            using TraceReader trace = TraceReader.Open(recording);
            using var file = PendingOutputFile.Create(parsed.GetValue(output)!, recording, "Choose another file with -o FILE");
            var progress = ExportProgress.ForThisTerminal();
            long calls;
            try
            {
                calls = file.Write(stream => lidds ? LiddsExport.Write(trace, stream, progress) : ParquetExport.Write(trace, stream, progress));
            }
            finally
            {
                // An error too starts on a clean line.
                progress?.Clear();
            }
            file.Commit();
            Console.Error.WriteLine($"sysrec: {calls} calls exported to {file.Path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
