namespace Sysrec.Splitting;

/// <summary>Which of ADFA-LD's three sets a split's files join.</summary>
internal enum AdfaSet
{
    Training,
    Validation,
    Attack,
}
