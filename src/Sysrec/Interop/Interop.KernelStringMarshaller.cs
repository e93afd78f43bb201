using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using Sysrec.Text;

internal static partial class Interop
{
    /// <summary>
    /// Passes a string to C as the bytes it stands for (<see cref="KernelString"/>), NUL-terminated: a file
    /// name or an argument reaches the kernel exactly as the kernel gave it to sysrec. Every import taking
    /// a path or an argument uses it.
    /// </summary>
    [CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedIn, typeof(KernelStringMarshaller))]
    [CustomMarshaller(typeof(string), MarshalMode.ElementIn, typeof(KernelStringMarshaller))]
    internal static unsafe class KernelStringMarshaller
    {
        public static byte* ConvertToUnmanaged(string? text)
        {
            if (text is null)
                return null;
            int length = KernelString.GetByteCount(text);
            byte* bytes = (byte*)NativeMemory.Alloc((nuint)length + 1);
            KernelString.Encode(text, new Span<byte>(bytes, length));
            bytes[length] = 0;
            return bytes;
        }

        // The other direction, which an element marshaller must offer too.
        public static string? ConvertToManaged(byte* bytes) =>
            bytes is null ? null : KernelString.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(bytes));

        public static void Free(byte* bytes) => NativeMemory.Free(bytes);
    }
}
