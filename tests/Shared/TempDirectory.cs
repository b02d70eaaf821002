namespace AdmissionGuard.Testing;

/// <summary>A directory under the system's temp path, removed with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("admission-guard-tests-").FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Copies <paramref name="file"/> in, under its own name or <paramref name="name"/>; returns the copy's path.</summary>
    public string Copy(string file, string? name = null)
    {
        var target = Combine(name ?? System.IO.Path.GetFileName(file));
        File.Copy(file, target);
        return target;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> (a relative path; its folders are created); returns the file's path.</summary>
    public string Write(string name, string content)
    {
        var target = Combine(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.WriteAllText(target, content);
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still open by a stopping watcher is removed with the temp folder later.
        }
    }
}
