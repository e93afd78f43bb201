namespace Sysrec.Tests.Kernels;

/// <summary>One line of tests/qemu/checks: a check's name, whether it passed, and what it found.</summary>
internal sealed record GuestCheck(string Name, bool Passed, string Detail);
