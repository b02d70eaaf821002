namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>The documented credential formats a text holds, whatever its key: PEM private keys, then known token prefixes.</summary>
internal static class KnownFormats
{
    /// <summary>Every format found in <paramref name="text"/>, in the order the detectors report them; null when none.</summary>
    public static List<Detection>? Find(ReadOnlySpan<char> text)
    {
        List<Detection>? found = null;
        PrivateKeyPemDetector.Find(text, ref found);
        KnownTokenDetector.Find(text, ref found);
        return found;
    }
}
