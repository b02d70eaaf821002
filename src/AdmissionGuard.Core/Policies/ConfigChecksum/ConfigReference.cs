namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary>What a pod template reads configuration from.</summary>
internal enum ConfigSourceKind
{
    ConfigMap,
    Secret,
}

/// <summary>One ConfigMap or Secret a pod template reads, with every place it is read (for the message).</summary>
internal sealed class ConfigReference(ConfigSourceKind kind, string name)
{
    public ConfigSourceKind Kind { get; } = kind;

    public string Name { get; } = name;

    /// <summary>Where it is read: <c>env GREETING in container app</c>, <c>volume config</c>, <c>envFrom in initContainer init</c>.</summary>
    public List<string> Locations { get; } = new(2);

    /// <summary>
    /// True when read by a volume or a regular container. Wave watches only those; a reference
    /// made only by init containers is invisible to it.
    /// </summary>
    public bool ReadOutsideInitContainers { get; set; }

    public string KindName => Kind == ConfigSourceKind.ConfigMap ? "ConfigMap" : "Secret";
}
