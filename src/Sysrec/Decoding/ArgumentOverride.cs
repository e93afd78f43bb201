namespace Sysrec.Decoding;

/// <summary>
/// A correction of <see cref="PrinterRules"/> for one argument of some syscalls (their names separated
/// by spaces): its kind, the formatter of a constant, the argument holding its length.
/// </summary>
internal sealed record ArgumentOverride(string Syscalls, string Argument, ArgumentKind Kind, ValueFormat? Format = null, string? Length = null);
