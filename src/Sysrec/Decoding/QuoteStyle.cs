namespace Sysrec.Decoding;

/// <summary>The variants of strace's string_quote that its decoders use.</summary>
[Flags]
internal enum QuoteStyle
{
    /// <summary>In double quotes, C escapes for the control characters strace names, octal for other bytes outside printable ASCII.</summary>
    Default = 0,
    /// <summary>Every byte as <c>\xNN</c> (QUOTE_FORCE_HEX: getrandom, sockaddr data, netlink).</summary>
    Hex = 1,
    /// <summary>No surrounding quotes, and <c>&lt;</c> <c>&gt;</c> escaped too: a path in an fd's angle brackets (-yy).</summary>
    InAngleBrackets = 2,
}
