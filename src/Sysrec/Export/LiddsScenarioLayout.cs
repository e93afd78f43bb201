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
}
