namespace AdmissionGuard.Core.Admission;

/// <summary>The operation an admission request asks for.</summary>
public enum Operation
{
    Create,
    Update,
    Delete,
    Connect,
}
