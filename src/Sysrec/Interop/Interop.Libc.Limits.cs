using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int RLIMIT_NOFILE = 7;
        internal const int PRIO_PROCESS = 0;

        [StructLayout(LayoutKind.Sequential)]
        internal struct Rlimit
        {
            internal ulong rlim_cur;
            internal ulong rlim_max;
        }

        [LibraryImport(Libraries.Libc, EntryPoint = "getrlimit", SetLastError = true)]
        internal static partial int GetRlimit(int resource, out Rlimit limit);

        [LibraryImport(Libraries.Libc, EntryPoint = "setrlimit", SetLastError = true)]
        internal static partial int SetRlimit(int resource, in Rlimit limit);

        /// <summary>With PRIO_PROCESS and <paramref name="who"/> 0, the nice value of the calling thread alone (Linux keeps one per thread).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "setpriority", SetLastError = true)]
        internal static partial int SetPriority(int which, uint who, int nice);
    }
}
