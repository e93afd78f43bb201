namespace Sysrec.Kernel;

/// <summary>What a record of a --decode recording is (SYSREC_DECODE_* in bpf/sysrec.h): every one starts with a <see cref="DecodeHeader"/>.</summary>
internal enum DecodeRecordType : uint
{
    Enter = 1,
    Exit = 2,
    Fork = 3,
    TaskExit = 4,
    Signal = 5,
    /// <summary>An enter record whose captures replace those of the thread's call: an exec's strings, read from what it copied.</summary>
    Reread = 6,
}
