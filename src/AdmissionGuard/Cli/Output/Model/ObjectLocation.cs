namespace AdmissionGuard.Cli.Output;

/// <summary>Where a judged object stands in its source.</summary>
/// <param name="Source">The file, standard input, render or live namespace it was read from.</param>
/// <param name="Document">1-based position of its document in the source; for a live object, its position in the namespace's listing.</param>
/// <param name="Line">1-based line where its document starts; 0 for a live object.</param>
/// <param name="ItemPath">For an item of a List: <c>items[3]</c>; for a saved review <c>request.object</c>; otherwise null.</param>
/// <param name="Template">The chart template it was rendered from, when the input says so (Helm's
/// <c># Source:</c> comment or post-renderer file-name annotation); otherwise null.</param>
/// <param name="File">The file to edit, as reports name it: the source's name, or for a render the
/// template (or kustomization file) that produced the object.</param>
/// <param name="FileLine">The line of <paramref name="File"/> where the object starts; 0 for a render and a live object.</param>
internal sealed record ObjectLocation(ManifestSource Source, int Document, int Line, string? ItemPath, string? Template, string File, int FileLine)
{
    /// <summary>The <paramref name="position"/>-th object listed in a live namespace (or among cluster-scoped objects): no line, no template.</summary>
    public static ObjectLocation Live(ManifestSource source, int position) => new(source, position, 0, null, null, source.Name, 0);
}
