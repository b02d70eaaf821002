namespace AdmissionGuard.Scan;

/// <summary>What the reports need of a live object besides what the check report holds.</summary>
/// <param name="Uid">metadata.uid, so that a report result points at this object and not a namesake recreated later.</param>
/// <param name="FieldManager">The applier read from metadata.managedFields (empty when none).</param>
/// <param name="Manager">Who applied it, as the policies judged it (helm, argocd, flux, kubectl, other).</param>
internal sealed record LiveObject(string Uid, string FieldManager, Manager Manager)
{
    /// <summary>The field manager when there is one, else the manager the object's marks name.</summary>
    public string Applier => FieldManager.Length > 0 ? FieldManager : Manager.ToWire();
}
