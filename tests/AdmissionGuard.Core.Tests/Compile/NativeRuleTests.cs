using System.Text.RegularExpressions;
using AdmissionGuard.Core.Compile;
using AdmissionGuard.Core.Policies.NoPlaintextSecrets;

namespace AdmissionGuard.Core.Tests.Compile;

/// <summary>The pieces of the native policies that mirror the webhook's code: they must say the same.</summary>
public sealed class NativeRuleTests
{
    /// <summary>Formats of KnownTokenDetector whose extra rules (separators, structure) RE2 alone does not pin: webhook-only.</summary>
    private static readonly HashSet<string> WebhookOnlyPrefixes =
        ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "hooks.slack.com/services/", "SG.", "pypi-AgEIcHlwaS5vcmc"];

    [Fact]
    public void Every_token_format_the_webhook_denies_is_compiled_or_named_webhook_only()
    {
        var compiled = NoPlaintextSecretsNative.Tokens.Select(t => t.Prefix).ToHashSet(StringComparer.Ordinal);
        foreach (var format in KnownTokenDetector.Formats.Where(f => f.Detection.Severity == FindingSeverity.Violation))
        {
            Assert.True(compiled.Contains(format.Prefix) || WebhookOnlyPrefixes.Contains(format.Prefix), $"{format.Prefix}: neither compiled nor webhook-only");
        }
    }

    [Fact]
    public void Each_compiled_token_pattern_matches_where_the_webhook_detects_and_not_where_it_does_not()
    {
        var pattern = new Regex(NoPlaintextSecretsNative.TokenPattern, RegexOptions.CultureInvariant);
        var prefilter = new Regex(NoPlaintextSecretsNative.Prefilter, RegexOptions.CultureInvariant);
        foreach (var (prefix, body, min, max) in NoPlaintextSecretsNative.Tokens)
        {
            var alphabet = Alphabet(body);
            foreach (var length in new[] { min - 1, min, max, max + 1 })
            {
                foreach (var around in new[] { ("", ""), ("key: ", "\n"), ("x", ""), ("\"", "\"") })
                {
                    var text = around.Item1 + prefix + new string(alphabet[^1], length) + around.Item2;
                    List<Detection>? found = null;
                    KnownTokenDetector.Find(text, ref found);
                    var webhook = found?.Exists(d => d.Severity == FindingSeverity.Violation) == true;
                    Assert.True(webhook == pattern.IsMatch(text), $"{prefix} body {length} in '{around.Item1}…{around.Item2}': webhook {webhook}, native {!webhook}");
                    Assert.True(prefilter.IsMatch(text), $"{prefix}: the prefilter misses it");
                }
            }
        }
    }

    [Fact]
    public void Private_key_pattern_finds_only_what_the_webhook_finds()
    {
        var pattern = new Regex(NoPlaintextSecretsNative.PrivateKeyPattern, RegexOptions.CultureInvariant);
        var body = new string('A', 64);
        foreach (var label in new[] { "RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "CERTIFICATE", "PUBLIC KEY" })
        {
            foreach (var text in new[] { $"-----BEGIN {label}-----\n{body}\n-----END {label}-----", $"-----BEGIN {label}-----\n{body[..40]}\n-----END {label}-----" })
            {
                List<Detection>? found = null;
                PrivateKeyPemDetector.Find(text, ref found);
                var webhook = found is not null;
                Assert.True(!pattern.IsMatch(text) || webhook, $"{label}: the native pattern matches what the webhook passes");
                Assert.Equal(webhook, pattern.IsMatch(text));
            }
        }
    }

    [Theory]
    [InlineData("db-*", "db-0", true)]
    [InlineData("db-*", "db", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "abbc", false)]
    [InlineData("x.y*", "xzy", false)]
    [InlineData("*-keep", "data-keep", true)]
    public void Name_globs_become_anchored_patterns_that_match_as_the_webhook_does(string glob, string name, bool expected)
    {
        Assert.Equal(expected, new Glob(glob).IsMatch(name));
        Assert.Equal(expected, Regex.IsMatch(name, Cel.GlobPattern(glob), RegexOptions.CultureInvariant));
    }

    [Theory]
    [InlineData("1.29", null, null)]
    [InlineData("1.30", "admissionregistration.k8s.io/v1", null)]
    [InlineData("v1.34.2", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1beta1")]
    [InlineData("1.35", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1beta1")]
    [InlineData("1.36", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1")]
    public void Versions_pick_the_api_versions_the_cluster_serves(string text, string? validating, string? mutating)
    {
        Assert.True(KubeVersion.TryParse(text, out var version));
        Assert.Equal(validating, version.ValidatingApiVersion);
        Assert.Equal(mutating, version.MutatingApiVersion);
    }

    [Fact]
    public void Cel_strings_are_quoted_and_escaped()
    {
        Assert.Equal(@"'it\'s a \\ and\n'", Cel.Quote("it's a \\ and\n"));
        Assert.Equal("['a', 'b']", Cel.List(["a", "b"]));
    }

    private static string Alphabet(string regexClass) => regexClass switch
    {
        "A-Z0-9" => "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        "A-Za-z0-9" or "A-Za-z0-9_" or "A-Za-z0-9_\\-" or "A-Za-z0-9_.\\-" => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        _ => regexClass,
    };
}
