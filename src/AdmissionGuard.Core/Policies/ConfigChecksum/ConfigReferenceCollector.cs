using k8s.Models;

namespace AdmissionGuard.Core.Policies.ConfigChecksum;

/// <summary>
/// Lists the ConfigMaps (and, when asked, Secrets) a pod spec reads (DESIGN 2.1): volumes and
/// projected volume sources, and <c>env[].valueFrom</c> and <c>envFrom[]</c> of containers and init
/// containers. Ephemeral containers are left out: they are added to running Pods for debugging and
/// never appear in a workload's template. Optional references count too: once the ConfigMap
/// exists, a change to it should still roll the pods.
/// </summary>
internal static class ConfigReferenceCollector
{
    /// <summary>Returns the references in order of first appearance; null when there are none.</summary>
    public static List<ConfigReference>? Collect(V1PodSpec spec, IReadOnlySet<string> ignoredConfigMaps, bool includeSecrets)
    {
        var collector = new Collector(ignoredConfigMaps, includeSecrets);
        if (spec.Containers is { } containers)
        {
            foreach (var container in containers)
            {
                collector.AddContainer(container, init: false);
            }
        }

        if (spec.InitContainers is { } initContainers)
        {
            foreach (var container in initContainers)
            {
                collector.AddContainer(container, init: true);
            }
        }

        if (spec.Volumes is { } volumes)
        {
            foreach (var volume in volumes)
            {
                collector.AddVolume(volume);
            }
        }

        return collector.References;
    }

    /// <summary>Accumulates references; a plain list with linear search, since templates name a handful at most.</summary>
    private sealed class Collector(IReadOnlySet<string> ignoredConfigMaps, bool includeSecrets)
    {
        public List<ConfigReference>? References { get; private set; }

        public void AddContainer(V1Container container, bool init)
        {
            var where = init ? "initContainer" : "container";
            if (container.Env is { } env)
            {
                foreach (var variable in env)
                {
                    if (variable.ValueFrom is not { } from)
                    {
                        continue;
                    }

                    if (from.ConfigMapKeyRef is { } cm)
                    {
                        Add(ConfigSourceKind.ConfigMap, cm.Name, $"env {variable.Name} in {where} {container.Name}", !init);
                    }
                    else if (from.SecretKeyRef is { } secret)
                    {
                        Add(ConfigSourceKind.Secret, secret.Name, $"env {variable.Name} in {where} {container.Name}", !init);
                    }
                }
            }

            if (container.EnvFrom is { } envFrom)
            {
                foreach (var source in envFrom)
                {
                    if (source.ConfigMapRef is { } cm)
                    {
                        Add(ConfigSourceKind.ConfigMap, cm.Name, $"envFrom in {where} {container.Name}", !init);
                    }

                    if (source.SecretRef is { } secret)
                    {
                        Add(ConfigSourceKind.Secret, secret.Name, $"envFrom in {where} {container.Name}", !init);
                    }
                }
            }
        }

        public void AddVolume(V1Volume volume)
        {
            if (volume.ConfigMap is { } cm)
            {
                Add(ConfigSourceKind.ConfigMap, cm.Name, $"volume {volume.Name}", true);
            }
            else if (volume.Secret is { } secret)
            {
                Add(ConfigSourceKind.Secret, secret.SecretName, $"volume {volume.Name}", true);
            }
            else if (volume.Projected?.Sources is { } sources)
            {
                foreach (var source in sources)
                {
                    if (source.ConfigMap is { } pcm)
                    {
                        Add(ConfigSourceKind.ConfigMap, pcm.Name, $"projected volume {volume.Name}", true);
                    }
                    else if (source.Secret is { } psecret)
                    {
                        Add(ConfigSourceKind.Secret, psecret.Name, $"projected volume {volume.Name}", true);
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
