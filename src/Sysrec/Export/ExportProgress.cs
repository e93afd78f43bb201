using Sysrec.IO;

namespace Sysrec.Export;

/// <summary>How far a long export has got, in the style of the recorder's status line; only when stderr is a terminal.</summary>
internal sealed class ExportProgress(TextWriter terminal)
{
    private readonly RedrawnLine _line = new(terminal);

    public static ExportProgress? ForThisTerminal() => Console.IsErrorRedirected ? null : new ExportProgress(Console.Error);

    public void Update(long calls)
    {
        if (_line.Due(out _))
            _line.Draw($"sysrec: {calls:N0} calls exported");
    }

    /// <summary>Clears the line, so the final report starts on a clean one.</summary>
    public void Clear() => _line.Clear();
}
