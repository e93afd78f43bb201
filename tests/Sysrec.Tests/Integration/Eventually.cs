using System.Diagnostics;

namespace Sysrec.Tests.Integration;

/// <summary>
/// Waits for a condition instead of sleeping and hoping: the bound is generous, since on a shared machine
/// a test that is right can be slow, and one that is wrong fails the same.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test, naming <paramref name="what"/>, if it does not within the bound.</summary>
    public static void Holds(Func<bool> condition, string what, TimeSpan? within = null) => Holds(condition, () => what, within);

    /// <inheritdoc cref="Holds(Func{bool}, string, TimeSpan?)"/>
    /// <param name="what">What was waited for, told when the wait fails, from what the condition saw last.</param>
    public static void Holds(Func<bool> condition, Func<string> what, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (within ?? Bound))
                Assert.Fail($"timed out after {clock.Elapsed.TotalSeconds:0.0} s waiting for {what()}");
            Thread.Sleep(20);
        }
    }
}
