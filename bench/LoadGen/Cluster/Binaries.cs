using System.Diagnostics;
using System.Security.Cryptography;

namespace AdmissionGuard.LoadGen.Cluster;

/// <summary>
/// Uncompresses the xz binaries of <c>../shared/kube</c> and <c>../shared/peers/gatekeeper</c>
/// once into a cache folder the build ignores, each checked against its folder's SHA256SUMS
/// (a file already there with the right digest is kept).
/// </summary>
internal static class Binaries
{
    public static async Task UnpackAsync(string sourceDirectory, string destination, IEnumerable<string> names)
    {
        Directory.CreateDirectory(destination);
        var sums = File.ReadLines(Path.Combine(sourceDirectory, "SHA256SUMS"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 2)
            .ToDictionary(f => f[1], f => f[0], StringComparer.Ordinal);
        foreach (var name in names)
        {
            var want = sums.TryGetValue(name, out var sum) ? sum : throw new InvalidOperationException($"{name} is not in {sourceDirectory}/SHA256SUMS");
            var target = Path.Combine(destination, name);
            if (File.Exists(target) && Digest(target) == want)
            {
                continue;
            }

            var temporary = target + ".tmp";
            var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("exec xz -dc \"$0\" > \"$1\"");
            startInfo.ArgumentList.Add(Path.Combine(sourceDirectory, name + ".xz"));
            startInfo.ArgumentList.Add(temporary);
            using (var xz = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start xz"))
            {
                await xz.WaitForExitAsync().ConfigureAwait(false);
                if (xz.ExitCode != 0)
                {
                    throw new InvalidOperationException($"xz could not uncompress {name}.xz");
                }
            }

            if (Digest(temporary) != want)
            {
                File.Delete(temporary);
                throw new InvalidOperationException($"{name} does not match {sourceDirectory}/SHA256SUMS");
            }

            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("the control-plane binaries are Linux executables");
            }

            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.Move(temporary, target, overwrite: true);
        }
    }

    private static string Digest(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }
}
