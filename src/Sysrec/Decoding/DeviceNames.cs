using Sysrec.IO;

namespace Sysrec.Decoding;

/// <summary>
/// Device numbers by the path udev gives a device (<c>/dev/null</c> is char 1:3), from each device's
/// /sys/dev/{char,block}/MAJOR:MINOR/uevent, read once: how an fd of a process already running is known
/// to be a device (its /proc/PID/fd link gives only the path). Pseudo-terminals are not in sysfs:
/// /dev/pts/N is char 136+N/256:N%256.
/// </summary>
internal sealed class DeviceNames
{
    private readonly Lazy<Dictionary<string, (bool Block, uint Major, uint Minor)>> _devices = new(Read);

    public bool TryGet(string path, out bool block, out uint major, out uint minor)
    {
        block = false;
        major = minor = 0;
        if (path.StartsWith("/dev/pts/", StringComparison.Ordinal) && uint.TryParse(path.AsSpan("/dev/pts/".Length), out uint pty))
        {
            (major, minor) = (136 + pty / 256, pty % 256);
            return true;
        }
        if (!_devices.Value.TryGetValue(path, out var device))
            return false;
        (block, major, minor) = device;
        return true;
    }

    private static Dictionary<string, (bool, uint, uint)> Read()
    {
        var devices = new Dictionary<string, (bool, uint, uint)>(StringComparer.Ordinal);
        foreach ((string directory, bool block) in new[] { ("/sys/dev/char", false), ("/sys/dev/block", true) })
        {
            foreach (string entry in TransientFiles.Subdirectories(directory))
            {
                string[] numbers = Path.GetFileName(entry).Split(':');
                if (numbers.Length != 2 || !uint.TryParse(numbers[0], out uint major) || !uint.TryParse(numbers[1], out uint minor))
                    continue;
                string? name = DeviceName(Path.Combine(entry, "uevent"));
                if (name is not null)
                    devices.TryAdd("/dev/" + name, (block, major, minor));
            }
        }
        return devices;
    }

    private static string? DeviceName(string uevent) =>
        (TransientFiles.ReadLines(uevent) ?? []).FirstOrDefault(line => line.StartsWith("DEVNAME=", StringComparison.Ordinal))?["DEVNAME=".Length..];
}
