namespace Sysrec.Kernel;

/// <summary>Something the tracer needs from the kernel, or that a user may ask about, as the kernel was found to have it.</summary>
/// <param name="Feature">What it is: <c>ring buffer map</c>.</param>
/// <param name="Detail">What exactly was looked at or found: <c>BPF_MAP_TYPE_RINGBUF</c>, <c>none</c>; null if nothing to add.</param>
/// <param name="Found">Whether the kernel has it; null when that could not be told (no privilege to probe, nothing mounted to read).</param>
/// <param name="Requirement">Which kernel has it, or why it does not matter: <c>needs Linux 5.8</c>.</param>
/// <param name="Needed">Recording cannot work without it.</param>
/// <param name="Remedy">What to do when it is missing: <c>Use Linux 5.8 or later</c>.</param>
/// <param name="FirstKernel">The first Linux version that has it, when that is all it takes.</param>
internal sealed record KernelFeature(string Feature, string? Detail, bool? Found, string Requirement, bool Needed, string Remedy, Version? FirstKernel = null)
{
    /// <summary>A needed feature the kernel has from <paramref name="version"/> on.</summary>
    public static KernelFeature Since(string version, string feature, string? detail, bool? found) =>
        new(feature, detail, found, $"needs Linux {version}", Needed: true, $"Use Linux {version} or later", Version.Parse(version));
}
