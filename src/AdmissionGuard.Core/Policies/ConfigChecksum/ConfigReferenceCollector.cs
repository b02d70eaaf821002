namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary>
/// Lists the ConfigMaps (and, when asked, Secrets) a pod spec reads (docs/config-checksum.md): volumes and
/// projected volume sources, and <c>env[].valueFrom</c> and <c>envFrom[]</c> of containers and init
/// containers. Ephemeral containers are left out: they are added to running Pods for debugging and
/// never appear in a workload's template. Optional references count too: once the ConfigMap
/// exists, a change to it should still roll the pods.
/// </summary>
internal static class ConfigReferenceCollector
{
    /// <summary>
    /// Returns the references in order of first appearance; null when there are none. Reads the
    /// pod spec's JSON with the typed models' rules (<see cref="JsonFields"/>), without building them.
    /// </summary>
    public static List<ConfigReference>? Collect(JsonElement spec, IReadOnlySet<string> ignoredConfigMaps, bool includeSecrets)
    {
        var collector = new Collector(ignoredConfigMaps, includeSecrets);
        AddContainers(collector, spec, "containers"u8, init: false);
        AddContainers(collector, spec, "initContainers"u8, init: true);
        if (spec.TryGetArray("volumes"u8, out var volumes))
        {
            foreach (var volume in volumes.EnumerateArray())
            {
                collector.AddVolume(volume.RequireObjectItem());
            }
        }

        return collector.References;
    }

    private static void AddContainers(Collector collector, JsonElement spec, ReadOnlySpan<byte> field, bool init)
    {
        if (!spec.TryGetArray(field, out var containers))
        {
            return;
        }

        foreach (var container in containers.EnumerateArray())
        {
            collector.AddContainer(container.RequireObjectItem(), init);
        }
    }

    /// <summary>Accumulates references; a plain list with linear search, since templates name a handful at most.</summary>
    private sealed class Collector(IReadOnlySet<string> ignoredConfigMaps, bool includeSecrets)
    {
        public List<ConfigReference>? References { get; private set; }

        public void AddContainer(JsonElement container, bool init)
        {
            var where = init ? "initContainer" : "container";
            var containerName = container.GetStringField("name"u8);
            if (container.TryGetArray("env"u8, out var env))
            {
                foreach (var variable in env.EnumerateArray())
                {
                    if (!variable.RequireObjectItem().TryGetObject("valueFrom"u8, out var from))
                    {
                        continue;
                    }

                    if (from.TryGetObject("configMapKeyRef"u8, out var cm))
                    {
                        Add(ConfigSourceKind.ConfigMap, cm.GetStringField("name"u8), $"env {variable.GetStringField("name"u8)} in {where} {containerName}", !init);
                    }
                    else if (from.TryGetObject("secretKeyRef"u8, out var secret))
                    {
                        Add(ConfigSourceKind.Secret, secret.GetStringField("name"u8), $"env {variable.GetStringField("name"u8)} in {where} {containerName}", !init);
                    }
                }
            }

            if (container.TryGetArray("envFrom"u8, out var envFrom))
            {
                foreach (var source in envFrom.EnumerateArray())
                {
                    _ = source.RequireObjectItem();
                    if (source.TryGetObject("configMapRef"u8, out var cm))
                    {
                        Add(ConfigSourceKind.ConfigMap, cm.GetStringField("name"u8), $"envFrom in {where} {containerName}", !init);
                    }

                    if (source.TryGetObject("secretRef"u8, out var secret))
                    {
                        Add(ConfigSourceKind.Secret, secret.GetStringField("name"u8), $"envFrom in {where} {containerName}", !init);
                    }
                }
            }
        }

        public void AddVolume(JsonElement volume)
        {
            var volumeName = volume.GetStringField("name"u8);
            if (volume.TryGetObject("configMap"u8, out var cm))
            {
                Add(ConfigSourceKind.ConfigMap, cm.GetStringField("name"u8), $"volume {volumeName}", true);
            }
            else if (volume.TryGetObject("secret"u8, out var secret))
            {
                Add(ConfigSourceKind.Secret, secret.GetStringField("secretName"u8), $"volume {volumeName}", true);
            }
            else if (volume.TryGetObject("projected"u8, out var projected) && projected.TryGetArray("sources"u8, out var sources))
            {
                foreach (var source in sources.EnumerateArray())
                {
                    _ = source.RequireObjectItem();
                    if (source.TryGetObject("configMap"u8, out var pcm))
                    {
                        Add(ConfigSourceKind.ConfigMap, pcm.GetStringField("name"u8), $"projected volume {volumeName}", true);
                    }
                    else if (source.TryGetObject("secret"u8, out var psecret))
                    {
                        Add(ConfigSourceKind.Secret, psecret.GetStringField("name"u8), $"projected volume {volumeName}", true);
                    }
                }
            }
        }

        private void Add(ConfigSourceKind kind, string? name, string location, bool outsideInit)
        {
            // A reference without a name is invalid and rejected by the API server's own validation.
            if (string.IsNullOrEmpty(name))
            {
                return;
            }

            if (kind == ConfigSourceKind.ConfigMap ? ignoredConfigMaps.Contains(name) : !includeSecrets)
            {
                return;
            }

            References ??= new List<ConfigReference>(4);
            ConfigReference? found = null;
            foreach (var r in References)
            {
                if (r.Kind == kind && r.Name == name)
                {
                    found = r;
                    break;
                }
            }

            if (found is null)
            {
                found = new ConfigReference(kind, name);
                References.Add(found);
            }

            if (!found.Locations.Contains(location))
            {
                found.Locations.Add(location);
            }

            found.ReadOutsideInitContainers |= outsideInit;
        }
    }
}
