using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AdmissionGuard.Server.Logging;

/// <summary>
/// A request field as it goes into the decision line, cut as <see cref="LogText.Cap"/> cuts it,
/// formatted into a span without a string of its own.
/// </summary>
internal readonly struct CappedText(string text) : ISpanFormattable
{
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (text.Length <= LogText.MaxLength)
        {
            charsWritten = text.Length;
            return text.TryCopyTo(destination);
        }

        return destination.TryWrite(CultureInfo.InvariantCulture, $"{text.AsSpan(0, LogText.MaxLength)}...(+{text.Length - LogText.MaxLength} characters)", out charsWritten);
    }

    public string ToString([StringSyntax(StringSyntaxAttribute.NumericFormat)] string? format, IFormatProvider? formatProvider) => LogText.Cap(text);

    public override string ToString() => LogText.Cap(text);
}
