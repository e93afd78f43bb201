using System.Runtime.InteropServices;
using System.Text;

namespace Sysrec.Kernel;

/// <summary>
/// Takes libbpf's messages, which it would otherwise print to stderr unasked: they are shown with
/// --verbose, and the last warnings are kept to explain a failed load.
/// </summary>
internal static unsafe class BpfLog
{
    private const int KeptWarnings = 40;
    private static readonly Queue<string> s_warnings = new();
    private static bool s_verbose;

    public static void Install(bool verbose)
    {
        s_verbose = verbose;
        Interop.Libbpf.SetPrint(&OnMessage);
    }

    /// <summary>The most recent warnings, oldest first, e.g. the verifier's reasons for a refusal.</summary>
    public static string RecentWarnings()
    {
        lock (s_warnings)
            return string.Concat(s_warnings);
    }

    [UnmanagedCallersOnly]
    private static int OnMessage(Interop.Libbpf.PrintLevel level, nint format, nint arguments)
    {
        if (level == Interop.Libbpf.PrintLevel.Debug && !s_verbose)
            return 0;
        const int Capacity = 4096;
        byte* buffer = stackalloc byte[Capacity];
        int length = Interop.Libc.VsnPrintf(buffer, Capacity, format, arguments);
        if (length <= 0)
            return 0;
        string message = Encoding.UTF8.GetString(buffer, Math.Min(length, Capacity - 1));
        if (s_verbose)
            Console.Error.Write(message);
        if (level == Interop.Libbpf.PrintLevel.Warn)
        {
            lock (s_warnings)
            {
                s_warnings.Enqueue(message);
                if (s_warnings.Count > KeptWarnings)
                    s_warnings.Dequeue();
            }
        }
        return 0;
    }
}
