using System.Runtime.InteropServices;

namespace AdmissionGuard.Tests.Server;

/// <summary>
/// A directory laid out the way the kubelet projects a ConfigMap or Secret: each key is a link
/// <c>key -> ..data/key</c>, <c>..data</c> links to a timestamped directory, and an update writes a
/// new directory and renames a new <c>..data_tmp</c> link over <c>..data</c> in one step.
/// </summary>
internal static class MountedVolume
{
    private static int version;

    /// <summary>Writes a new version of the files and swaps it in atomically; creates the key links the first time.</summary>
    public static void Publish(string directory, Action<string> writeFiles)
    {
        var name = $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss}.{Interlocked.Increment(ref version)}";
        var target = Path.Combine(directory, name);
        Directory.CreateDirectory(target);
        writeFiles(target);

        var temporary = Path.Combine(directory, "..data_tmp");
        File.CreateSymbolicLink(temporary, name);
        if (rename(temporary, Path.Combine(directory, "..data")) != 0)
        {
            throw new IOException($"rename failed: errno {Marshal.GetLastPInvokeError()}");
        }

        foreach (var file in Directory.GetFiles(target))
        {
            var link = Path.Combine(directory, Path.GetFileName(file));
            if (!Path.Exists(link) && new FileInfo(link).LinkTarget is null)
            {
                File.CreateSymbolicLink(link, Path.Combine("..data", Path.GetFileName(file)));
            }
        }
    }

    // rename(2) replaces a link atomically; File.Move follows a link to a directory and refuses.
    [DllImport("libc", SetLastError = true)]
    private static extern int rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
