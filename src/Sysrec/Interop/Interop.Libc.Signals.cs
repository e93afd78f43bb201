using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int SIGINT = 2;
        internal const int SIGPIPE = 13;
        internal const int SIGCHLD = 17;
        /// <summary>The highest signal number on Linux (SIGRTMAX).</summary>
        internal const int SignalMax = 64;

        private static readonly nint SIG_DFL = 0;

        /// <summary>glibc's <c>sigset_t</c>: 1024 bits, signal N at bit N-1.</summary>
        [InlineArray(16)]
        internal struct SigSet
        {
            private ulong _word;

            internal void Add(int signal) => this[(signal - 1) / 64] |= 1UL << ((signal - 1) % 64);
        }

        /// <summary>glibc's <c>struct sigaction</c>, the same on x86_64 and arm64.</summary>
        [StructLayout(LayoutKind.Sequential)]
        private struct SigAction
        {
            internal nint sa_handler;
            internal SigSet sa_mask;
            internal int sa_flags;
            internal nint sa_restorer;
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "sigaction", SetLastError = true)]
        private static unsafe partial int SigActionCall(int signal, SigAction* action, SigAction* previous);

        /// <summary>Gives <paramref name="signal"/> its default disposition (SIG_DFL).</summary>
        internal static unsafe int SetDefaultAction(int signal)
        {
            var action = new SigAction { sa_handler = SIG_DFL };
            return SigActionCall(signal, &action, null);
        }
    }
}
