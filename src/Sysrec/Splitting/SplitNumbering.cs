namespace Sysrec.Splitting;

/// <summary>Which table a split's syscall ids are numbered in (<c>--numbering</c>; the first is its default).</summary>
internal enum SplitNumbering
{
    /// <summary>The ids as recorded, an i386 call marked as such.</summary>
    Native,
    /// <summary>Every call renumbered into the i386 table, unmarked, as ADFA-LD has them.</summary>
    I386,
}
