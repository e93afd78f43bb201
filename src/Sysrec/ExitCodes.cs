namespace Sysrec;

internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The work could not be done: no privilege, kernel support missing, I/O failed.</summary>
    public const int Failure = 1;
    /// <summary>The command line or an input file is wrong.</summary>
    public const int Usage = 2;
}
