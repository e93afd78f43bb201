namespace Sysrec.Splitting;

/// <summary>How a split names and shapes its files (<c>--layout</c>; the first is its default).</summary>
internal enum SplitLayout
{
    /// <summary><c>comm:pid.log</c> files, ids separated by spaces, a newline at the end.</summary>
    Sysrec,
    /// <summary>ADFA-LD's own files and folders (<see cref="AdfaLayout"/>).</summary>
    Adfa,
}
