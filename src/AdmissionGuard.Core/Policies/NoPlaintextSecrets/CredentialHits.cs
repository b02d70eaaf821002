namespace AdmissionGuard.Core.Policies.NoPlaintextSecrets;

/// <summary>
/// What a walk over values found, by path: credentials that are certain, doubtful ones with the
/// first doubt (what a warning says is uncertain), and the kinds of known formats (private keys,
/// tokens) found under any key. Never holds a value.
/// </summary>
internal sealed class CredentialHits
{
    public List<string>? Certain { get; private set; }

    public List<string>? Doubtful { get; private set; }

    public string? Doubt { get; private set; }

    private List<Detection>? formats;

    public IReadOnlyList<Detection>? Formats => formats;

    public bool IsEmpty => Certain is null && Doubtful is null;

    public void Add(string path, Judgement judgement)
    {
        if (judgement.Certainty == Certainty.Certain)
        {
            (Certain ??= []).Add(path);
        }
        else if (judgement.Certainty == Certainty.Doubtful)
        {
            (Doubtful ??= []).Add(path);
            Doubt ??= judgement.Doubt;
        }
    }

    /// <summary>Known formats found in the value at <paramref name="path"/>: certain, unless they are only advice (a JWT).</summary>
    public void AddFormats(string path, List<Detection> found)
    {
        foreach (var d in found)
        {
            Detection.AddDistinct(ref formats, d);
        }

        var certain = found.Exists(d => d.Severity == FindingSeverity.Violation);
        Add(path, certain ? new Judgement(Certainty.Certain) : new Judgement(Certainty.Doubtful, "a JSON Web Token is a bearer credential unless it is meant to be public"));
    }
}
