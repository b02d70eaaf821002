namespace AdmissionGuard.Scan;

/// <summary>What the reports need of a live object besides what the check report holds.</summary>
/// <param name="Uid">metadata.uid, so that a report result points at this object and not a namesake recreated later.</param>
/// <param name="FieldManager">The field manager read from metadata.managedFields (empty when none).</param>
/// <param name="Applier">Who applied it, as the policies judged it (helm, argocd, flux, kubectl, other).</param>
internal sealed record LiveObject(string Uid, string FieldManager, Applier Applier)
{
    /// <summary>The applier as the report names it: the field manager when there is one, else the applier's name.</summary>
    public string ApplierName => FieldManager.Length > 0 ? FieldManager : Applier.ToWire();
}
