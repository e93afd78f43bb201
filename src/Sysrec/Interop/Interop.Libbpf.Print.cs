using System.Runtime.InteropServices;
using System.Text;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        internal enum PrintLevel
        {
            Warn = 0,
            Info = 1,
            Debug = 2,
        }

        private static Action<PrintLevel, string>? s_print;
        private static PrintLevel s_printUpTo;

        /// <summary>
        /// Has libbpf hand its messages, those up to <paramref name="upTo"/>, to <paramref name="print"/> as text
        /// instead of printing them to stderr itself; the others are not even formatted.
        /// </summary>
        internal static unsafe void SetPrint(PrintLevel upTo, Action<PrintLevel, string> print)
        {
            s_print = print;
            s_printUpTo = upTo;
            SetPrint(&OnPrint);
        }

        [LibraryImport(Libraries.Libbpf, EntryPoint = "libbpf_set_print")]
        private static unsafe partial nint SetPrint(delegate* unmanaged<PrintLevel, nint, nint, int> print);

        [UnmanagedCallersOnly]
        private static unsafe int OnPrint(PrintLevel level, nint format, nint arguments)
        {
            if (level > s_printUpTo || s_print is not { } print)
                return 0;
            const int Capacity = 4096;
            byte* buffer = stackalloc byte[Capacity];
            int length = Libc.VsnPrintf(buffer, Capacity, format, arguments);
            if (length > 0)
                print(level, Encoding.UTF8.GetString(buffer, Math.Min(length, Capacity - 1)));
            return 0;
        }

        /// <summary>libbpf's text for an error number, its own (-LIBBPF_E*) included.</summary>
        internal static string ErrorText(int error)
        {
            Span<byte> text = stackalloc byte[256];
            StrError(error, text, (nuint)text.Length);
            int end = text.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? text : text[..end]);
        }

        [LibraryImport(Libraries.Libbpf, EntryPoint = "libbpf_strerror")]
        private static partial int StrError(int error, Span<byte> buffer, nuint size);
    }
}
