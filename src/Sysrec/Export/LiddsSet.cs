namespace Sysrec.Export;

/// <summary>
/// Which part of a LID-DS scenario a recording belongs to (--lidds-set), each a folder of the scenario as
/// LID-DS lays one out: <c>training/</c>, <c>validation/</c>, <c>test/normal/</c>, <c>test/normal_and_attack/</c>.
/// </summary>
internal enum LiddsSet
{
    Training,
    Validation,
    Normal,
    Attack,
}
