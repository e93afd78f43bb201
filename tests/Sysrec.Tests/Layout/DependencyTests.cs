using System.Text.RegularExpressions;
using Sysrec.Tests.Integration;

namespace Sysrec.Tests.Layout;

/// <summary>
/// The folders of src/Sysrec against the rules of ARCHITECTURE.md: each uses, by a <c>using</c> or a
/// qualified name in its code, only the folders its row allows, the rules have no cycle, every folder
/// has a row there and a line in the README's Layout table, and unsafe code is only where it says.
/// </summary>
public sealed partial class DependencyTests
{
    private static readonly string s_source = Path.Combine(Repository.Root, "src", "Sysrec");

    [Fact]
    public void EveryFolderUsesOnlyWhatArchitectureAllows()
    {
        Dictionary<string, HashSet<string>> rules = Rules();
        var forbidden = new List<string>();
        foreach ((string folder, string file, string used) in Uses(rules.Keys))
        {
            // "Every folder may call Interop", the bottom layer, as dotnet/runtime's libraries do theirs.
            if (used == "Interop" && folder != "Interop")
                continue;
            if (!rules.TryGetValue(folder, out HashSet<string>? allowed) || !allowed.Contains(used))
                forbidden.Add($"{Path.GetRelativePath(Repository.Root, file)}: {folder} uses {used}");
        }
        Assert.True(forbidden.Count == 0, "not allowed by ARCHITECTURE.md:\n" + string.Join('\n', forbidden.Distinct()));
    }

    [Fact]
    public void NoFolderDependsOnOneThatDependsBackOnIt()
    {
        Dictionary<string, HashSet<string>> rules = Rules();
        var uses = Uses(rules.Keys).GroupBy(use => use.Folder).ToDictionary(group => group.Key, group => group.Select(use => use.Used).ToHashSet());
        Assert.Null(Cycle(rules));
        Assert.Null(Cycle(uses));
    }

    [Fact]
    public void EveryFolderHasItsRuleAndItsLineInTheReadme()
    {
        string[] folders = [.. Directory.GetDirectories(s_source).Select(Path.GetFileName).Where(HasSource).Cast<string>().Order(StringComparer.Ordinal)];
        Assert.Equal(folders, Rules().Keys.Order(StringComparer.Ordinal));
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        string layout = readme[readme.IndexOf("\n## Layout\n", StringComparison.Ordinal)..];
        foreach (string folder in folders)
            Assert.Single(layout.Split('\n'), line => line.StartsWith($"| `src/Sysrec/{folder}", StringComparison.Ordinal));
    }

    [Fact]
    public void UnsafeCodeIsOnlyWhereArchitectureSaysItIs()
    {
        string architecture = File.ReadAllText(Path.Combine(Repository.Root, "ARCHITECTURE.md"));
        Match said = UnsafeSentence().Match(architecture);
        Assert.True(said.Success, "ARCHITECTURE.md says nowhere 'Unsafe code: ...'");
        string[] places = [.. Backticked().Matches(said.Groups[1].Value).Select(match => match.Groups[1].Value)];
        string[] unsafeFiles = [.. Directory.EnumerateFiles(s_source, "*.cs", SearchOption.AllDirectories)
            .Where(file => UnsafeKeyword().IsMatch(Code(File.ReadAllText(file))))
            .Select(file => Path.GetRelativePath(Repository.Root, file))];
        Assert.NotEmpty(unsafeFiles);
        Assert.All(unsafeFiles, file => Assert.Contains(places, place => place.EndsWith('/') ? file.StartsWith(place, StringComparison.Ordinal) : file == place));
    }

    /// <summary>ARCHITECTURE.md's table: each folder and the folders it may use ("everything": all the others).</summary>
    private static Dictionary<string, HashSet<string>> Rules()
    {
        var rows = File.ReadAllLines(Path.Combine(Repository.Root, "ARCHITECTURE.md"))
            .Select(line => RuleRow().Match(line))
            .Where(match => match.Success)
            .ToDictionary(match => match.Groups[1].Value, match => match.Groups[2].Value);
        Assert.NotEmpty(rows);
        return rows.ToDictionary(row => row.Key, row => row.Value.Trim() == "everything"
            ? rows.Keys.Where(folder => folder != row.Key).ToHashSet()
            : BacktickedName().Matches(row.Value).Select(match => match.Groups[1].Value).ToHashSet());
    }

    /// <summary>Each (folder, file, other folder) where a file's code names another folder's namespace.</summary>
    private static List<(string Folder, string File, string Used)> Uses(IEnumerable<string> folders)
    {
        string names = string.Join('|', folders.Select(Regex.Escape));
        var reference = new Regex($@"^\s*using\s+(?:static\s+)?(?:\w+\s*=\s*)?Sysrec\.({names})\b|(?<![\w.])(?:Sysrec\.)?({names})\.[A-Z]", RegexOptions.Multiline);
        var uses = new List<(string, string, string)>();
        foreach (string file in Directory.EnumerateFiles(s_source, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(s_source, file);
            if (!relative.Contains('/'))
                continue; // Program.cs and the root's two types, which every folder may use
            string folder = relative[..relative.IndexOf('/')];
            foreach (Match match in reference.Matches(Code(File.ReadAllText(file))))
            {
                string used = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
                if (used != folder)
                    uses.Add((folder, file, used));
            }
        }
        return uses;
    }

    /// <summary>A cycle of the graph as "A -> B -> A", or null when it has none.</summary>
    private static string? Cycle(Dictionary<string, HashSet<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        string? Visit(string node)
        {
            if (path.Contains(node))
                return string.Join(" -> ", path.SkipWhile(step => step != node).Append(node));
            if (!done.Add(node))
                return null;
            path.Add(node);
            foreach (string next in graph.GetValueOrDefault(node) ?? [])
            {
                if (Visit(next) is string cycle)
                    return cycle;
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }
        return graph.Keys.Select(Visit).FirstOrDefault(cycle => cycle is not null);
    }

    /// <summary>The source without comments and string literals, which name folders without using them.</summary>
    private static string Code(string source) => CommentOrString().Replace(source, match => match.Value.StartsWith('/') ? " " : "\"\"");

    private static bool HasSource(string? folder) =>
        Directory.EnumerateFiles(Path.Combine(s_source, folder!), "*.cs", SearchOption.AllDirectories).Any();

    [GeneratedRegex(@"^\| `(\w+)/` \|.*\| ([^|]+) \|$")]
    private static partial Regex RuleRow();

    [GeneratedRegex(@"`(\w+)/?`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"Unsafe code: (.*?)\.\s", RegexOptions.Singleline)]
    private static partial Regex UnsafeSentence();

    [GeneratedRegex(@"\bunsafe\b")]
    private static partial Regex UnsafeKeyword();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|""""""(?:.|\n)*?""""""|@""(?:""""|[^""])*""|""(?:\\.|[^""\\\n])*""|'(?:\\.|[^'\\\n])'", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();
}
