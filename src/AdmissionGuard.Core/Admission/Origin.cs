namespace AdmissionGuard.Core.Admission;

/// <summary>
/// Where a request's object comes from: the API server (<see cref="Webhook"/>), a manifest file
/// read by the CLI (<see cref="ManifestFile"/>, with what the input around it says), or a live
/// object listed by a scan (<see cref="Cluster"/>). The two without data are shared instances,
/// so a review's origin costs nothing.
/// </summary>
internal abstract record Origin
{
    private Origin()
    {
    }

    /// <summary>An admission review the API server sent.</summary>
    public static Origin Webhook { get; } = new WebhookReview();

    /// <summary>An object stored in the cluster, listed by <c>scan</c> and judged as a CREATE of it.</summary>
    public static Origin Cluster { get; } = new LiveObject();

    /// <summary>True for an object read from a file: every object in a repository is applied declaratively, whatever its labels say.</summary>
    public bool IsFile => this is ManifestFile;

    /// <inheritdoc cref="Webhook"/>
    public sealed record WebhookReview : Origin;

    /// <inheritdoc cref="Cluster"/>
    public sealed record LiveObject : Origin;

    /// <summary>
    /// An object read from a manifest file by the CLI, with what the CLI knows beyond the object.
    /// </summary>
    /// <param name="Template">The chart template of the object (<c># Source: chart/templates/x.yaml</c>); null when the input does not say.</param>
    /// <param name="Named">The applier named on the command line (<c>--applier</c>) or by the repository's tree; null to read the object's marks.
    /// Flux is named as <see cref="Applier.FluxKustomize"/>: <see cref="Applier"/> tells which of its controllers applies the object.</param>
    /// <param name="Input">The ConfigMaps and Secrets of the same input.</param>
    public sealed record ManifestFile(string? Template, Applier? Named, ManifestInput Input) : Origin
    {
        /// <summary>
        /// True when the object comes from <c>helm template</c> output: its document names a chart
        /// template, which Helm always calls <c>&lt;chart&gt;/templates/...</c> (<c>&lt;chart&gt;/crds/...</c>
        /// with <c>--include-crds</c>; a subchart's are under <c>&lt;chart&gt;/charts/&lt;sub&gt;/</c>).
        /// Other tools' comments that name a plain file do not count.
        /// </summary>
        public bool IsHelmTemplateOutput =>
            Template is not null
            && (Template.Contains("/templates/", StringComparison.Ordinal) || Template.Contains("/crds/", StringComparison.Ordinal));

        /// <summary>The applier named, Flux's told apart: helm-controller applies <c>helm template</c> output, kustomize-controller plain manifests.</summary>
        public Applier? Applier => Named is Admission.Applier.FluxKustomize or Admission.Applier.FluxHelm
            ? IsHelmTemplateOutput ? Admission.Applier.FluxHelm : Admission.Applier.FluxKustomize
            : Named;
    }
}
