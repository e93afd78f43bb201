namespace Sysrec.Trace;

/// <summary>What a decoded argument of a jsonl recording is (README, "Decoded calls").</summary>
internal enum DecodedValueKind
{
    /// <summary>A NULL pointer.</summary>
    Null,
    /// <summary>A number: a value, or the address of memory that was not read.</summary>
    Number,
    /// <summary>A string, a buffer, a path, a name: bytes.</summary>
    String,
    /// <summary>A list: a flag set's names, execve's argv, an array.</summary>
    List,
    /// <summary>A struct's fields by name.</summary>
    Struct,
    /// <summary>An fd and what it is.</summary>
    Fd,
}
