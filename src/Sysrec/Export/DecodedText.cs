using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Sysrec.Decoding;
using Sysrec.Trace;

namespace Sysrec.Export;

/// <summary>
/// A --decode call's arguments as strace prints them, rebuilt from the jsonl <c>decoded</c> values for the
/// Parquet columns: <c>AT_FDCWD&lt;/tmp&gt;, "/etc/passwd", O_RDONLY|O_CLOEXEC</c>. The printer table says
/// which strings were the call's (quoted, escaped as strace escapes them, <c>...</c> when cut) and which
/// were strace's own text (a mode, a struct's field), and which numbers strace prints in hex.
/// </summary>
internal static partial class DecodedText
{
    public static string Arguments(SyscallKey syscall, DecodedArguments decoded)
    {
        SyscallPrinter? printer = SyscallPrinters.Of(syscall.Abi, syscall.Number);
        var text = new StringBuilder();
        foreach ((string name, DecodedValue value) in decoded.Arguments)
        {
            if (text.Length > 0)
                text.Append(", ");
            ArgumentPrinter? argument = printer?.Arguments.FirstOrDefault(candidate => candidate.Name == name);
            Append(text, value, argument?.Kind ?? ArgumentKind.Number, argument?.Signed ?? true, decoded.Truncated.Contains(name));
        }
        return text.ToString();
    }

    /// <summary>The fd the call returned, or else the first it was given (AT_FDCWD aside), as strace -yy names it: a path, <c>TCP:[...]</c>; null for none.</summary>
    public static string? FdPath(DecodedArguments decoded) =>
        (decoded.Return ?? decoded.Fds().FirstOrDefault(fd => fd.Type != "cwd"))?.Target;

    private static void Append(StringBuilder text, DecodedValue value, ArgumentKind kind, bool signed, bool cut)
    {
        switch (value.Kind)
        {
            case DecodedValueKind.Null:
                text.Append("NULL");
                break;
            case DecodedValueKind.Number when kind is ArgumentKind.Number or ArgumentKind.Id:
                text.Append(signed ? value.Number.ToString(CultureInfo.InvariantCulture) : value.Bits.ToString(CultureInfo.InvariantCulture));
                break;
            case DecodedValueKind.Number:
                // A pointer, or memory the kernel could not read: strace prints its address.
                text.Append(value.Bits == 0 ? "0" : $"0x{value.Bits:x}");
                break;
            case DecodedValueKind.String when IsCallsString(kind):
                AppendQuoted(text, value.Bytes, cut);
                break;
            case DecodedValueKind.String:
                text.Append(value.Text);
                break;
            case DecodedValueKind.List when kind == ArgumentKind.Constants:
                text.Append(value.Items.Count == 0 ? "0" : string.Join('|', value.Items.Select(item => item.Text)));
                break;
            case DecodedValueKind.List:
                text.Append('[');
                for (int i = 0; i < value.Items.Count; i++)
                {
                    if (i > 0)
                        text.Append(", ");
                    DecodedValue item = value.Items[i];
                    if (kind == ArgumentKind.Argv)
                        AppendQuoted(text, item.Bytes, cut: false);
                    else
                        Append(text, item, ArgumentKind.Number, signed: true, cut: false);
                }
                text.Append(cut && kind == ArgumentKind.Argv ? ", ...]" : "]");
                break;
            case DecodedValueKind.Struct:
                text.Append('{');
                text.AppendJoin(", ", value.Fields.Select(field =>
                {
                    var member = new StringBuilder(field.Key).Append('=');
                    DecodedValue inner = field.Value;
                    // A list of names is a flag set; a string that is not one of strace's words was quoted.
                    ArgumentKind kind = inner.Kind == DecodedValueKind.List && inner.Items.All(item => item.Kind == DecodedValueKind.String) ? ArgumentKind.Constants
                        : inner.Kind == DecodedValueKind.String && !StraceWord().IsMatch(inner.Text) ? ArgumentKind.String
                        : ArgumentKind.Number;
                    Append(member, inner, kind, signed: true, cut: false);
                    return member.ToString();
                }));
                text.Append('}');
                break;
            default:
                DecodedFd fd = value.Fd!;
                text.Append(fd.Type == "cwd" ? "AT_FDCWD" : fd.Fd.ToString(CultureInfo.InvariantCulture));
                if (fd.Target is string target)
                    text.Append('<').Append(target).Append('>');
                break;
        }
    }

    // What strace prints unquoted in a struct: a name, a number, a flag set, S_IFREG|0644, 8192*1024.
    [GeneratedRegex(@"^[A-Za-z0-9_|*+\-]+$")]
    private static partial Regex StraceWord();

    private static bool IsCallsString(ArgumentKind kind) => kind is ArgumentKind.Path or ArgumentKind.String or ArgumentKind.BufferIn
        or ArgumentKind.BufferOut or ArgumentKind.BufferOutHex or ArgumentKind.PathOut;

    private static void AppendQuoted(StringBuilder text, byte[] bytes, bool cut)
    {
        byte[] buffer = new byte[bytes.Length * 4 + 2];
        var writer = new Utf8SpanWriter(buffer);
        StraceText.WriteQuoted(ref writer, bytes);
        text.Append(Encoding.UTF8.GetString(writer.Written));
        if (cut)
            text.Append("...");
    }
}
