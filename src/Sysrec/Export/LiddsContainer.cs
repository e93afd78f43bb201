namespace Sysrec.Export;

/// <summary>A container of a LID-DS scenario, as its recording's metadata lists it.</summary>
/// <param name="Role">What it did: <c>victim</c>, <c>normal</c> (a client behaving normally), <c>attacker</c>.</param>
internal sealed record LiddsContainer(string Name, string Ip, string Role);
