namespace Sysrec.Export;

/// <summary>What `sysrec export` writes (<c>--format</c>; the first is its default).</summary>
internal enum ExportFormat
{
    /// <summary>A Parquet table with a row per syscall (<see cref="ParquetExport"/>).</summary>
    Parquet,
    /// <summary>Lines in the LID-DS dataset's layout (<see cref="LiddsExport"/>).</summary>
    Lidds,
}
