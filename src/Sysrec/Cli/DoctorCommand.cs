using System.CommandLine;
using Sysrec.Kernel;

namespace Sysrec.Cli;

/// <summary>`sysrec doctor`: what the running kernel offers of what sysrec needs, a line per feature.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor",
            "Say what this kernel offers of what sysrec needs: each feature found or missing, and the kernel that has it; exits 1 if sysrec cannot record here");
        command.SetAction(_ => Report(KernelFeatures.Probe(), File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), Console.Out));
        return command;
    }

    internal static int Report(IReadOnlyList<KernelFeature> features, string release, TextWriter output)
    {
        output.WriteLine($"sysrec doctor: Linux {release}");
        int width = features.Max(feature => Described(feature).Length);
        foreach (KernelFeature feature in features)
            output.WriteLine($"{State(feature),-8} {Described(feature).PadRight(width)}  {feature.Requirement}");
        KernelFeature[] missing = [.. features.Where(feature => feature.Needed && feature.Found == false)];
        if (missing.Length == 0)
        {
            output.WriteLine("sysrec can record on this kernel.");
            return ExitCodes.Success;
        }
        output.Flush();
        // Of "use Linux X or later", only the newest X is worth saying.
        KernelFeature? newest = missing.Where(feature => feature.FirstKernel is not null).MaxBy(feature => feature.FirstKernel);
        IEnumerable<string> remedies = missing.Where(feature => feature.FirstKernel is null || feature == newest).Select(feature => feature.Remedy).Distinct();
        throw new SysrecException(ExitCodes.Failure,
            $"cannot record on this kernel: missing {string.Join(", ", missing.Select(feature => feature.Feature))}. {string.Join(". ", remedies)}");
    }

    private static string State(KernelFeature feature) => feature.Found switch
    {
        true => "found",
        false => "missing",
        null => "unknown",
    };

    private static string Described(KernelFeature feature) =>
        feature.Detail is null ? feature.Feature : $"{feature.Feature} ({feature.Detail})";
}
