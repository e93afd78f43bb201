namespace Sysrec.Tests.Integration;

/// <summary>A terminal for the tests: tmux runs a command in a detached session, and the test reads its screen.</summary>
internal static class Tmux
{
    public static CommandResult Run(params string[] arguments) => Integration.Run.Command("tmux", arguments);

    /// <summary>Waits until the session's screen <paramref name="shows"/> what the test waits for, and returns it.</summary>
    public static string WaitForScreen(string session, Func<string, bool> shows)
    {
        string screen = "";
        Eventually.Holds(() => shows(screen = Run("capture-pane", "-p", "-t", session).Stdout), () => $"the screen to show it; it shows:\n{screen}");
        return screen;
    }

    /// <summary>Waits until the session has ended, its command gone.</summary>
    public static void WaitForEnd(string session, string what) =>
        Eventually.Holds(() => Run("has-session", "-t", session).ExitCode != 0, what);
}
