namespace Sysrec.Decoding;

/// <summary>Prints a value of a constant set the way strace prints that argument (a set's Write, or a formatter like <see cref="OpenFlagsFormat"/>).</summary>
internal delegate void ValueFormat(ref Utf8SpanWriter writer, ulong value);
