using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>The clock of bpf_ktime_get_ns, so times taken here and in the kernel compare.</summary>
        internal const int CLOCK_MONOTONIC = 1;
        /// <summary>The wall clock.</summary>
        internal const int CLOCK_REALTIME = 0;

        [StructLayout(LayoutKind.Sequential)]
        internal struct Timespec
        {
            internal long tv_sec;
            internal long tv_nsec;
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "clock_gettime")]
        internal static partial int ClockGetTime(int clock, out Timespec time);
    }
}
