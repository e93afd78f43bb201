namespace Sysrec.Kernel;

/// <summary>
/// Takes libbpf's messages, which it would otherwise print to stderr unasked: they are shown with
/// --verbose, and the last warnings are kept to explain a failed load.
/// </summary>
internal static class BpfLog
{
    private const int KeptWarnings = 40;
    private static readonly Queue<string> s_warnings = new();
    private static bool s_verbose;

    public static void Install(bool verbose)
    {
        s_verbose = verbose;
        // Its debug messages are many and only ever shown: without --verbose they are not even formatted.
        Interop.Libbpf.SetPrint(verbose ? Interop.Libbpf.PrintLevel.Debug : Interop.Libbpf.PrintLevel.Info, OnMessage);
    }

    /// <summary>The most recent warnings, oldest first, e.g. the verifier's reasons for a refusal.</summary>
    public static string RecentWarnings()
    {
        lock (s_warnings)
            return string.Concat(s_warnings);
    }

    private static void OnMessage(Interop.Libbpf.PrintLevel level, string message)
    {
        if (s_verbose)
            Console.Error.Write(message);
        if (level != Interop.Libbpf.PrintLevel.Warn)
            return;
        lock (s_warnings)
        {
            s_warnings.Enqueue(message);
            if (s_warnings.Count > KeptWarnings)
                s_warnings.Dequeue();
        }
    }
}
