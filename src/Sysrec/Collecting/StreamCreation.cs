namespace Sysrec.Collecting;

internal sealed record StreamCreation(string[] Subjects, int Replicas);
