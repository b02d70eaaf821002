using System.Diagnostics.CodeAnalysis;

namespace AdmissionGuard.Server.Logging;

/// <summary>
/// The decision line's results: <c>policy=result/action</c>, comma-separated, in evaluation
/// order. Results only, never finding text. Formatted into a span without a string of its own.
/// </summary>
internal readonly struct ResultsText(IReadOnlyList<PolicyResult> results) : ISpanFormattable
{
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (!destination[charsWritten..].TryWrite($"{(i == 0 ? string.Empty : ",")}{result.PolicyId}={result.Result.ToWire()}/{result.Action.ToWire()}", out var written))
            {
                return false;
            }

            charsWritten += written;
        }

        return true;
    }

    public string ToString([StringSyntax(StringSyntaxAttribute.NumericFormat)] string? format, IFormatProvider? formatProvider) => ToString();

    public override string ToString() => SpanFormat.String(this);
}
