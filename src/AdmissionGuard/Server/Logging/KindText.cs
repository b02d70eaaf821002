using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AdmissionGuard.Server.Logging;

/// <summary>
/// A request's kind in the policy-file form (<c>apps/v1/Deployment</c>), cut at
/// <see cref="LogText.MaxLength"/> characters as <see cref="LogText.Cap"/> cuts text, formatted
/// into a span: the API server's kinds are short, but any client can send any kind.
/// </summary>
internal readonly struct KindText(GroupVersionKind kind) : ISpanFormattable
{
    private int Length => (kind.Group.Length == 0 ? 0 : kind.Group.Length + 1) + kind.Version.Length + 1 + kind.Kind.Length;

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        var length = Length;
        if (length > LogText.MaxLength)
        {
            // Rare (a hostile client): the string the cap needs is made once here.
            var capped = LogText.Cap(kind.ToString());
            charsWritten = capped.Length;
            return capped.TryCopyTo(destination);
        }

        return kind.Group.Length == 0
            ? destination.TryWrite(CultureInfo.InvariantCulture, $"{kind.Version}/{kind.Kind}", out charsWritten)
            : destination.TryWrite(CultureInfo.InvariantCulture, $"{kind.Group}/{kind.Version}/{kind.Kind}", out charsWritten);
    }

    public string ToString([StringSyntax(StringSyntaxAttribute.NumericFormat)] string? format, IFormatProvider? formatProvider) => ToString();

    public override string ToString() => LogText.Cap(kind.ToString());
}
