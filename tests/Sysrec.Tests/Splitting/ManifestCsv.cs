using System.Globalization;
using System.Text;

namespace Sysrec.Tests.Splitting;

/// <summary>One row of a split's manifest.csv, read by the tests' own CSV reader, comm and executable as bytes.</summary>
internal sealed record ManifestRow(string File, byte[] Comm, uint Id, byte[]? Executable, long Calls, ulong? FirstTsNs, ulong? LastTsNs, string? Cgroup = null);

/// <summary>Reads manifest.csv as RFC 4180 describes CSV, independently of the product's writer.</summary>
internal static class ManifestCsv
{
    public static (string[] Header, List<ManifestRow> Rows) Read(string path)
    {
        string text = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        List<string[]> records = Records(text);
        Assert.NotEmpty(records);
        var rows = records.Skip(1).Select(cells =>
        {
            Assert.Equal(8, cells.Length);
            Assert.False(cells[0].Length > 0 && cells[0][0] is '=' or '+' or '-' or '@' or '\'', $"the file name {cells[0]} reads as a formula");
            return new ManifestRow(cells[0], Unescape(Text(cells[1])), uint.Parse(cells[2], CultureInfo.InvariantCulture),
                cells[3].Length == 0 ? null : Unescape(Text(cells[3])), long.Parse(cells[4], CultureInfo.InvariantCulture),
                cells[5].Length == 0 ? null : ulong.Parse(cells[5], CultureInfo.InvariantCulture),
                cells[6].Length == 0 ? null : ulong.Parse(cells[6], CultureInfo.InvariantCulture),
                cells[7].Length == 0 ? null : Text(cells[7]));
        }).ToList();
        return (records[0], rows);
    }

    /// <summary>
    /// A comm or executable cell as the README says to read it: one leading quote, put there so that a
    /// spreadsheet shows the cell as text, is taken off; a cell without one never starts like a formula.
    /// </summary>
    private static string Text(string cell)
    {
        if (cell.StartsWith('\''))
            return cell[1..];
        Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@', $"the cell {cell} reads as a formula");
        return cell;
    }

    /// <summary>Undoes the manifest's escape: <c>\\</c> and <c>\xHH</c>, every other character as UTF-8.</summary>
    public static byte[] Unescape(string text)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                int length = char.IsSurrogatePair(text, i) ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i, length)));
                i += length - 1;
            }
            else if (text[i + 1] == '\\')
            {
                bytes.Add((byte)'\\');
                i++;
            }
            else
            {
                Assert.Equal('x', text[i + 1]);
                bytes.Add(byte.Parse(text.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 3;
            }
        }
        return [.. bytes];
    }

    private static List<string[]> Records(string text)
    {
        var records = new List<string[]>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                for (i++; !(text[i] == '"' && (i + 1 == text.Length || text[i + 1] != '"')); i++)
                {
                    if (text[i] == '"')
                        i++;
                    cell.Append(text[i]);
                }
                i++;
            }
            else if (text[i] == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
                i++;
            }
            else if (text[i] == '\r')
            {
                Assert.Equal('\n', text[i + 1]);
                cells.Add(cell.ToString());
                cell.Clear();
                records.Add([.. cells]);
                cells.Clear();
                i += 2;
            }
            else
            {
                Assert.NotEqual('\n', text[i]);
                cell.Append(text[i++]);
            }
        }
        Assert.True(cells.Count == 0 && cell.Length == 0, "the manifest does not end with CRLF");
        return records;
    }
}
