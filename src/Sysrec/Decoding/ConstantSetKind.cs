namespace Sysrec.Decoding;

/// <summary>How strace prints a value of a <see cref="ConstantSet"/> (the KIND column of scripts/constant-sets).</summary>
internal enum ConstantSetKind
{
    /// <summary>Bits, printed as strace's printflags: <c>O_CREAT|O_EXCL</c>, leftover bits as hex.</summary>
    Flags,
    /// <summary>One value, printed as strace's printxval: <c>SEEK_SET</c>, or <c>0x7 /* SEEK_??? */</c>.</summary>
    Enumeration,
}
