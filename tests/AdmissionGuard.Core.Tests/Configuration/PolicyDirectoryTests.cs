using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Core.Tests.Configuration;

/// <summary><c>--policies DIR</c>: a directory replaces the defaults, and a mounted ConfigMap reads as its keys.</summary>
public sealed class PolicyDirectoryTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("admission-guard-policies-");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public void A_directory_replaces_the_defaults_entirely()
    {
        Write("hook-deadline.yaml", PolicyFileErrorTests.Policy(action: "warn"));

        var result = PolicyLoader.LoadDirectory(root.FullName);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var binding = Assert.Single(result.Policies!.Bindings);
        Assert.Equal("hook-deadline", binding.Id);
        Assert.Equal(PolicyAction.Warn, binding.Settings.Action);
        Assert.Equal(Path.Combine(root.FullName, "hook-deadline.yaml"), binding.Source);

        // The absent policies are off: nothing runs on a Deployment or a PVC any more.
        var engine = new PolicyEngine(result.Policies);
        Assert.False(engine.Targets(KnownKinds.Deployment, PolicyType.Validating));
        Assert.False(engine.Targets(KnownKinds.PersistentVolumeClaim, PolicyType.Mutating));
        Assert.True(engine.Targets(KnownKinds.Job, PolicyType.Validating));
    }

    [Fact]
    public void Loads_a_mounted_config_map_through_its_data_links()
    {
        // The kubelet's layout: keys are links to ..data/KEY, ..data links to a timestamped directory.
        var stamped = root.CreateSubdirectory("..2024_05_01_10_00_00.123456789");
        File.WriteAllText(Path.Combine(stamped.FullName, "hook-deadline.yaml"), PolicyFileErrorTests.Policy());
        File.WriteAllText(Path.Combine(stamped.FullName, "keep-stateful.yml"), PolicyFileErrorTests.Policy(id: "keep-stateful", kinds: "[v1/PersistentVolumeClaim]", parameters: "scope: all"));
        Directory.CreateSymbolicLink(Path.Combine(root.FullName, "..data"), stamped.Name);
        File.CreateSymbolicLink(Path.Combine(root.FullName, "hook-deadline.yaml"), "..data/hook-deadline.yaml");
        File.CreateSymbolicLink(Path.Combine(root.FullName, "keep-stateful.yml"), "..data/keep-stateful.yml");

        var result = PolicyLoader.LoadDirectory(root.FullName);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["hook-deadline", "keep-stateful"], result.Policies!.Bindings.Select(b => b.Id));
    }

    [Fact]
    public void Skips_a_key_link_left_dangling_while_the_config_map_is_swapped()
    {
        Write("hook-deadline.yaml", PolicyFileErrorTests.Policy());
        File.CreateSymbolicLink(Path.Combine(root.FullName, "removed.yaml"), "..data/removed.yaml");

        var result = PolicyLoader.LoadDirectory(root.FullName);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Single(result.Policies!.Bindings);
    }

    [Fact]
    public void Reads_only_the_top_level_of_the_directory()
    {
        Write("hook-deadline.yaml", PolicyFileErrorTests.Policy());
        var nested = root.CreateSubdirectory("old");
        File.WriteAllText(Path.Combine(nested.FullName, "broken.yaml"), "a: [");
        root.CreateSubdirectory("looks-like-a-file.yaml");
        Write("notes.txt", "not a policy");

        var result = PolicyLoader.LoadDirectory(root.FullName);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Single(result.Policies!.Bindings);
    }

    [Fact]
    public void Names_the_file_of_an_error_by_its_path_in_the_directory()
    {
        Write("hook-deadline.yaml", PolicyFileErrorTests.Policy(action: "block"));

        var error = Assert.Single(PolicyLoader.LoadDirectory(root.FullName).Errors);

        Assert.Equal((Path.Combine(root.FullName, "hook-deadline.yaml"), 6, "spec.action"), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void Refuses_a_directory_without_policy_files()
    {
        Write("README.md", "nothing here");

        var result = PolicyLoader.LoadDirectory(root.FullName);

        Assert.Null(result.Policies);
        var error = Assert.Single(result.Errors);
        Assert.Equal((root.FullName, PolicyLoader.DirectoryField), (error.File, error.Field));
        Assert.Contains("no policy files", error.Message);
    }

    [Fact]
    public void Refuses_a_directory_that_does_not_exist()
    {
        var missing = Path.Combine(root.FullName, "missing");

        var error = Assert.Single(PolicyLoader.LoadDirectory(missing).Errors);

        Assert.Equal((missing, PolicyLoader.DirectoryField), (error.File, error.Field));
        Assert.Contains("no such directory", error.Message);
    }

    [Fact]
    public void Loads_nothing_when_one_file_of_the_directory_is_invalid()
    {
        Write("hook-deadline.yaml", PolicyFileErrorTests.Policy());
        Write("keep-stateful.yaml", PolicyFileErrorTests.Policy(id: "keep-stateful", kinds: "[v1/PersistentVolumeClaim]", parameters: "scope: some"));

        var result = PolicyLoader.LoadDirectory(root.FullName);

        Assert.False(result.Succeeded);
        Assert.Null(result.Policies);
        Assert.Equal("spec.parameters.scope", Assert.Single(result.Errors).Field);
    }

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(root.FullName, name), content);
}
