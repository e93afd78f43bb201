using Sysrec.IO;

namespace Sysrec.Export;

/// <summary>A LID-DS scenario directory: its four folders, made all at once as the dataset's loader finds them.</summary>
internal static class LiddsScenarioLayout
{
    private static readonly string[] s_folders = ["training", "validation", "test/normal", "test/normal_and_attack"];

    /// <summary>
    /// Where <paramref name="path"/> (SCENARIO/NAME.zip) goes in the set's folder, SCENARIO/training/NAME.zip...,
    /// with the scenario's four folders made if they are missing.
    /// </summary>
    public static string Place(string path, LiddsSet set, string remedy)
    {
        string scenario = Path.GetDirectoryName(path) is { Length: > 0 } directory ? directory : ".";
        foreach (string folder in s_folders)
            OutputFiles.CreateDirectory(Path.Join(scenario, folder), remedy);
        return Path.Join(scenario, s_folders[(int)set], Path.GetFileName(path));
    }

    /// <summary>Whether the zip at the full path <paramref name="zip"/> is where <paramref name="path"/> (SCENARIO/NAME.zip) goes: there, or in a set's folder.</summary>
    public static bool IsPlaceOf(string path, string zip)
    {
        string full = Path.GetFullPath(path);
        string scenario = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        return zip == full || s_folders.Any(folder => zip == Path.Join(scenario, folder, name));
    }
}
