using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Cli;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// The soak (make soak) in a short version on every test run: a few seconds of parallel clients
/// while policies and certificates are swapped, every answer checked against the engine's. Resource
/// growth is judged only by the full run (minutes), which has the samples for it.
/// </summary>
public sealed class SoakSmokeTests
{
    private static string SoakDll => Repository.Built(Path.Combine("tests", "AdmissionGuard.Soak"), "AdmissionGuard.Soak.dll");

    [Fact]
    public void A_short_soak_answers_every_review_as_one_of_the_policy_sets_in_force_while_files_are_swapped()
    {
        var result = CliProcess.Start(CliProcess.DotnetHost, [SoakDll, "--duration", "8s", "--connections", "8"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0 matching neither, 0 failed; 0 wrong after the last swap", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("soak: PASS", result.Stdout, StringComparison.Ordinal);
    }
}
