using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdmissionGuard.Chart.Tests.Dispatch;
using AdmissionGuard.Chart.Tests.Infrastructure;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Chart.Tests;

public sealed partial class NotesTests
{
    [Fact]
    public void Notes_show_a_server_side_dry_run_of_a_violating_manifest_and_the_webhook_that_denies_it()
    {
        var notes = RenderedNotes.Of(ValueSet.Defaults);

        Assert.Contains("kubectl apply --dry-run=server -n default -f -", notes, StringComparison.Ordinal);
        var example = ExampleManifest(notes);
        Assert.Equal("Job", example.Str("kind"));
        Assert.True(example.At("metadata.annotations").AsObject().ContainsKey("helm.sh/hook"));
        Assert.Null(example.Find("spec.activeDeadlineSeconds"));

        // The manifest reaches the webhook the notes name.
        var named = DeniedBy().Match(notes).Groups["webhook"].Value;
        var attempt = ClusterObjects.Attempt(ApiResource.Job, ns: "default", obj: example);
        var call = Assert.Single(WebhookDispatcher.Dispatch(RenderedChart.Of(ValueSet.Defaults).Documents, attempt));
        Assert.Equal(named, call.WebhookName);
    }

    [Fact]
    public void Without_hook_deadline_the_notes_show_a_plaintext_secret_instead()
    {
        var notes = RenderedNotes.Of(ValueSet.HookDeadlineOff);

        Assert.Contains("kubectl create secret generic", notes, StringComparison.Ordinal);
        Assert.Contains("kubectl apply --dry-run=server", notes, StringComparison.Ordinal);
        Assert.Equal("secrets.validate.admission-guard.io", DeniedBy().Match(notes).Groups["webhook"].Value);
        Assert.Contains("secrets.validate.admission-guard.io", RenderedChart.Of(ValueSet.HookDeadlineOff).Webhooks(WebhookDispatcher.Validating).Select(w => w.Str("name")));
    }

    [Fact]
    public void Notes_list_each_policy_with_its_action()
    {
        var notes = RenderedNotes.Of(ValueSet.Tuned);

        Assert.Matches(@"config-checksum\s+warn", notes);
        Assert.Matches(@"no-plaintext-secrets\s+audit", notes);
        Assert.Matches(@"hook-deadline\s+enforce", notes);
        Assert.Matches(@"keep-stateful\s+enforce", notes);
        Assert.Contains("legacy, sandbox", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Notes_wait_for_the_certificate_only_when_cert_manager_issues_it()
    {
        Assert.Contains($"wait certificate/{Helm.FullName}-serving", RenderedNotes.Of(ValueSet.Defaults), StringComparison.Ordinal);
        Assert.DoesNotContain("wait certificate", RenderedNotes.Of(ValueSet.ExistingTlsSecret), StringComparison.Ordinal);
    }

    /// <summary>The YAML of the first <c>cat &lt;&lt;'YAML'</c> here-document in the notes.</summary>
    private static JsonObject ExampleManifest(string notes)
    {
        var match = HereDocument().Match(notes);
        Assert.True(match.Success, "no here-document in the notes:\n" + notes);
        var document = Assert.Single(ManifestReader.Read(match.Groups["yaml"].Value, "NOTES.txt"));
        Assert.False(document.IsError, document.Error);
        return Assert.IsType<JsonObject>(document.Content);
    }

    [GeneratedRegex(@"cat <<'YAML'[^\n]*\n(?<yaml>.*?)\nYAML\n", RegexOptions.Singleline)]
    private static partial Regex HereDocument();

    [GeneratedRegex(@"admission webhook ""(?<webhook>[a-z.-]+)"" denied the request")]
    private static partial Regex DeniedBy();
}
