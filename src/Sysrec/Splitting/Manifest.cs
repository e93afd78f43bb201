using System.Globalization;
using System.Text;
using Sysrec.IO;
using Sysrec.Trace;

namespace Sysrec.Splitting;

/// <summary>
/// The index of a split's files, <c>manifest.csv</c>: a header, then one row per file in the order the
/// files first appeared: <c>file,comm,pid,executable,calls,first_ts_ns,last_ts_ns,cgroup</c> (<c>tid</c> in
/// place of <c>pid</c> when split by thread, <c>cgroup_id</c> when split by cgroup, whose comm is then the
/// cgroup's path; <c>cgroup</c> the path of the cgroup v2 its first call was made in, as jsonl names it). CSV as RFC 4180 has it (UTF-8, CRLF line ends, a field
/// quoted when it holds a comma or a quote, a quote doubled). A comm or executable is the kernel's
/// bytes, escaped as <see cref="CommText"/> does so the file is valid UTF-8, and one that a spreadsheet
/// would take for a formula (starting with '=', '+', '-' or '@') gets a quote in front, as OWASP advises
/// against CSV injection; so does one starting with a quote, so that removing one leading quote always
/// gives the comm back. A file name never needs it (see <see cref="OutputFileName"/>). A cell the
/// recording cannot fill (no time or executable in text lines) is empty.
/// </summary>
internal static class Manifest
{
    public const string FileName = "manifest.csv";

    private static readonly string[] s_idColumns = ["pid", "tid", "cgroup_id"];

    /// <summary>The manifest's id column for a split by <paramref name="by"/>.</summary>
    public static string IdColumn(SplitBy by) => by switch
    {
        SplitBy.Tid => "tid",
        SplitBy.Cgroup => "cgroup_id",
        _ => "pid",
    };

    /// <summary>What the manifest says about one file.</summary>
    public interface IEntry
    {
        string FileName { get; }

        byte[] Comm { get; }

        /// <summary>The pid, or the tid when split by thread.</summary>
        uint Id { get; }

        byte[]? Executable { get; }

        long Calls { get; }

        ulong? FirstTimestampNs { get; }

        ulong? LastTimestampNs { get; }

        /// <summary>The cgroup path of the first call, or null where the recording does not name it.</summary>
        byte[]? Cgroup { get; }
    }

    /// <param name="earlierRows">Rows of an earlier manifest to keep, before the new ones (see <see cref="ReadRows"/>).</param>
    public static void Write<T>(Stream output, string idColumn, IEnumerable<string> earlierRows, IEnumerable<T> entries) where T : IEntry
    {
        using var csv = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
        csv.Write($"{Header(idColumn)}\r\n");
        foreach (string row in earlierRows)
            csv.Write($"{row}\r\n");
        foreach (T entry in entries)
        {
            csv.Write(Field(entry.FileName));
            csv.Write(',');
            csv.Write(Field(Text(entry.Comm)));
            csv.Write(',');
            csv.Write(entry.Id.ToString(CultureInfo.InvariantCulture));
            csv.Write(',');
            csv.Write(entry.Executable is null ? "" : Field(Text(entry.Executable)));
            csv.Write(',');
            csv.Write(entry.Calls.ToString(CultureInfo.InvariantCulture));
            csv.Write(',');
            csv.Write(entry.FirstTimestampNs?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.Write(',');
            csv.Write(entry.LastTimestampNs?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.Write(',');
            csv.Write(entry.Cgroup is null ? "" : Field(Text(entry.Cgroup)));
            csv.Write("\r\n");
        }
    }

    private static string Text(byte[] bytes)
    {
        string text = CommText.Escape(bytes);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\'' ? "'" + text : text;
    }

    /// <summary>
    /// The files an earlier split's manifest at <paramref name="path"/> lists; null when there is none, or
    /// when the file there is not a split's manifest (its header is not one). Only names a split could
    /// have written are given: no path, nothing hidden, each a <c>.log</c> file.
    /// </summary>
    public static IReadOnlyList<string>? ReadFileNames(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllText(path).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (lines.Length == 0 || !s_idColumns.Any(column => IsHeader(lines[0], column)))
            return null;
        return [.. lines.Skip(1).Select(FirstField)
            .Where(name => name.Length > 0 && name[0] != '.' && !name.Contains('/') && name.EndsWith(".log", StringComparison.Ordinal))];
    }

    /// <summary>
    /// The rows of the manifest at <paramref name="path"/>, which a split adding to a dataset keeps (ADFA-LD's
    /// layout); none when there is no file there. A file there that is not a manifest by
    /// <paramref name="idColumn"/> is refused rather than overwritten.
    /// </summary>
    public static IReadOnlyList<string> ReadRows(string path, string idColumn, string remedy)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysrecException(ExitCodes.Failure, $"cannot read {path}: {FileErrors.Reason(e)}. {remedy}", e);
        }
        string[] lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || !IsHeader(lines[0], idColumn))
            throw new SysrecException(ExitCodes.Failure, lines.Length > 0 && s_idColumns.FirstOrDefault(column => IsHeader(lines[0], column)) is string other
                ? $"{path} lists files by {other}, and this split is by {idColumn}. Split the same way as before, or {char.ToLowerInvariant(remedy[0])}{remedy[1..]}"
                : $"{path} is not a split's manifest, and this split would replace it. {remedy}");
        // A manifest from before the cgroup column keeps its rows, with the column empty.
        return lines[0] == Header(idColumn) ? lines[1..] : [.. lines[1..].Select(row => row + ",")];
    }

    private static string Header(string idColumn) => $"{HeaderWithoutCgroup(idColumn)},cgroup";

    private static string HeaderWithoutCgroup(string idColumn) => $"file,comm,{idColumn},executable,calls,first_ts_ns,last_ts_ns";

    private static bool IsHeader(string line, string idColumn) => line == Header(idColumn) || line == HeaderWithoutCgroup(idColumn);

    private static string FirstField(string row)
    {
        if (!row.StartsWith('"'))
            return row.Split(',')[0];
        var field = new StringBuilder();
        for (int i = 1; i < row.Length; i++)
        {
            if (row[i] != '"')
                field.Append(row[i]);
            else if (i + 1 < row.Length && row[i + 1] == '"')
                field.Append(row[++i]);
            else
                break;
        }
        return field.ToString();
    }

    // CommText leaves no line break in a field, so a comma and a quote are all that need quoting.
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(',', '"') < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
