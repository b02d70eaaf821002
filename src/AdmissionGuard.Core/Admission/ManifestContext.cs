namespace AdmissionGuard.Core.Admission;

/// <summary>
/// What the CLI knows about an object beyond the object itself: the chart template it was rendered
/// from, the applier named on the command line, and the other objects of the same input. The
/// webhook sees one object at a time and has none of this (<see cref="AdmissionRequest.Manifest"/> is null).
/// </summary>
public sealed class ManifestContext
{
    /// <summary>The chart template of the object (<c># Source: chart/templates/x.yaml</c>); null when the input does not say.</summary>
    public string? Template { get; init; }

    public Applier Applier { get; init; } = Applier.Auto;

    public ManifestInput Input { get; init; } = ManifestInput.Empty;

    /// <summary>
    /// True when the object comes from <c>helm template</c> output: its document names a chart
    /// template, which Helm always calls <c>&lt;chart&gt;/templates/...</c> (<c>&lt;chart&gt;/crds/...</c>
    /// with <c>--include-crds</c>; a subchart's are under <c>&lt;chart&gt;/charts/&lt;sub&gt;/</c>).
    /// Other tools' comments that name a plain file do not count.
    /// </summary>
    public bool IsHelmTemplateOutput =>
        Template is not null
        && (Template.Contains("/templates/", StringComparison.Ordinal) || Template.Contains("/crds/", StringComparison.Ordinal));
}
