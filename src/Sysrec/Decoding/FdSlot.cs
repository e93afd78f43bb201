namespace Sysrec.Decoding;

/// <summary>One fd: the open file it refers to, and whether exec closes it.</summary>
internal readonly record struct FdSlot(FileDescription File, bool CloseOnExec);
