namespace AdmissionGuard.Tests.Cli;

/// <summary>
/// What a process wrote, checked for several texts at once: each text is looked for
/// (<see cref="Assert.Contains(string, string?)"/>, <see cref="Assert.DoesNotContain(string, string?)"/>)
/// and a failure names every text that broke the expectation.
/// </summary>
internal static class Output
{
    public static void Contains(string output, params string[] texts) =>
        Assert.All(texts, text => Assert.Contains(text, output));

    public static void DoesNotContain(string output, params string[] texts) =>
        Assert.All(texts, text => Assert.DoesNotContain(text, output));

    /// <summary>Neither <paramref name="secret"/> nor its base64 (how a Secret's data carries it) appears in <paramref name="output"/>.</summary>
    public static void HidesSecret(string output, string secret) =>
        DoesNotContain(output, secret, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret)));
}
