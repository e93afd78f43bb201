namespace Sysrec;

/// <summary>
/// A failure the user can act on: its message is shown as <c>sysrec: message</c>, without a stack trace,
/// and the process exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class SysrecException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The command line itself is wrong, so the command's --help is worth pointing to.</summary>
    public bool PointToHelp { get; private init; }

    public static SysrecException BadArguments(string message) => new(ExitCodes.Usage, message) { PointToHelp = true };
}
