namespace Sysrec.IO;

internal enum LineStatus
{
    Line,
    End,
    /// <summary>The file ends inside a line, which has no newline after it: the line is what there is of it.</summary>
    CutShort,
    /// <summary>A line longer than <see cref="LineReader.MaxLineLength"/>; <see cref="LineReader.SkipLine"/> passes over it.</summary>
    TooLong,
}
