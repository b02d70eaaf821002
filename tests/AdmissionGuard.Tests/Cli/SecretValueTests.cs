using System.Text;

namespace AdmissionGuard.Tests.Cli;

/// <summary>No report, in any format, carries a secret value: neither as written nor base64-encoded.</summary>
public sealed class SecretValueTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "secret-data.yaml", "s3cr3t-Value-4711" },
        { "secret-stringdata.yaml", "strData-Plain-0815" },
        { "env-literal.yaml", "envLiteral-Pw-2024" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void No_report_format_contains_the_secret_value(string file, string value)
    {
        var path = Path.Combine(Testdata.Other, file);
        var fixture = File.ReadAllText(path);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        Assert.True(fixture.Contains(value) || fixture.Contains(encoded), "the fixture must carry the value");

        foreach (var format in new[] { "text", "json", "sarif", "junit" })
        {
            var result = CliProcess.Run("check", "--output", format, path);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("no-plaintext-secrets", result.Stdout);
            Assert.DoesNotContain(value, result.All);
            Assert.DoesNotContain(encoded, result.All);
        }

        var postRender = CliProcess.Run(["post-render"], stdin: fixture);
        Assert.Equal(1, postRender.ExitCode);
        Assert.Contains("no-plaintext-secrets", postRender.Stderr);
        Assert.DoesNotContain(value, postRender.All);
        Assert.DoesNotContain(encoded, postRender.All);
    }
}
