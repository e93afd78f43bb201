namespace Sysrec.Decoding;

/// <summary>How some syscalls (their names separated by spaces) print their return, and whether their arguments need a format of their own.</summary>
internal sealed record CallOverride(string Syscalls, ReturnKind Return, CallFormat Format = CallFormat.Arguments);
