using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Soak;

/// <summary>
/// A kubelet-projected volume (ConfigMap or Secret): each update writes a new timestamped
/// directory, swaps the <c>..data</c> link to it in one rename, then removes the old directory,
/// as the kubelet's atomic writer does.
/// </summary>
internal static class Volume
{
    public static void Publish(string directory, Action<string> writeFiles)
    {
        MountedVolume.Publish(directory, writeFiles);
        var current = new FileInfo(Path.Combine(directory, "..data")).LinkTarget;
        foreach (var old in Directory.GetDirectories(directory, "..*"))
        {
            var name = Path.GetFileName(old);
            if (name != current && name != "..data" && new DirectoryInfo(old).LinkTarget is null)
            {
                Directory.Delete(old, recursive: true);
            }
        }
    }
}
