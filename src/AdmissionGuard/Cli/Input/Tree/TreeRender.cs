namespace AdmissionGuard.Cli.Input.Tree;

/// <summary>A kustomize root of a tree, to be rendered.</summary>
/// <param name="Shown">Its folder as reports name it (the directory argument joined with its relative path).</param>
/// <param name="FullPath">Its folder, absolute.</param>
/// <param name="Applier">The tool that applies it, when the tree says; null otherwise.</param>
/// <param name="RemoteTarget">The remote target it builds on (never fetched here); null when it has none.</param>
internal sealed record TreeRender(string Shown, string FullPath, PathApplier? Applier, string? RemoteTarget);
