using System.Globalization;
using System.Text;
using Sysrec.Text;

namespace Sysrec.Splitting;

/// <summary>
/// The index of a split's files, <c>manifest.csv</c>: a header, then one row per file in the order the
/// files first appeared: <c>file,comm,pid,executable,calls,first_ts_ns,last_ts_ns</c> (<c>tid</c> in
/// place of <c>pid</c> when split by thread). CSV as RFC 4180 has it (UTF-8, CRLF line ends, a field
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
    }

    public static void Write<T>(Stream output, string idColumn, IEnumerable<T> entries) where T : IEntry
    {
        using var csv = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
        csv.Write($"file,comm,{idColumn},executable,calls,first_ts_ns,last_ts_ns\r\n");
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
            csv.Write("\r\n");
        }
    }

    private static string Text(byte[] bytes)
    {
        string text = CommText.Escape(bytes);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\'' ? "'" + text : text;
    }

    // CommText leaves no line break in a field, so a comma and a quote are all that need quoting.
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(',', '"') < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
