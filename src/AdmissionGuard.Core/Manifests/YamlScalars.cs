using System.Globalization;

namespace AdmissionGuard.Core.Manifests;

/// <summary>
/// Resolves plain YAML scalars the way Kubernetes' YAML decoder (YAML 1.1) does: null, booleans
/// including yes/no/on/off, integers (decimal, 0x hex, 0o and leading-zero octal), floats; all
/// else is a string. Quoted scalars are always strings.
/// </summary>
internal static class YamlScalars
{
    public static JsonNode? Resolve(string value)
    {
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
        }

        var c = value[0];
        if (!(char.IsAsciiDigit(c) || c is '-' or '+' or '.'))
        {
            return JsonValue.Create(value);
        }

        var digits = value.Replace("_", string.Empty);
        var negative = digits.StartsWith('-');
        var body = digits.TrimStart('-', '+');
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(body.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(negative ? -hex : hex);
        }

        if (body.StartsWith("0o", StringComparison.OrdinalIgnoreCase) && TryOctal(body[2..], out var oct))
        {
            return JsonValue.Create(negative ? -oct : oct);
        }

        if (body.Length > 1 && body[0] == '0' && body.All(char.IsAsciiDigit) && TryOctal(body[1..], out var legacyOct))
        {
            return JsonValue.Create(negative ? -legacyOct : legacyOct);
        }

        if (body.Length > 0 && body.All(char.IsAsciiDigit)
            && long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (body is ".inf" or ".Inf" or ".INF" or ".nan" or ".NaN" or ".NAN")
        {
            return JsonValue.Create(value);
        }

        if (LooksLikeFloat(body)
            && double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }

    private static bool LooksLikeFloat(string body)
    {
        // [0-9]*\.[0-9]*([eE][-+][0-9]+)? or [0-9]+[eE][-+]?[0-9]+ ; no other characters.
        var sawDigit = false;
        for (var i = 0; i < body.Length; i++)
        {
            var ch = body[i];
            if (char.IsAsciiDigit(ch))
            {
                sawDigit = true;
            }
            else if (ch is not ('.' or 'e' or 'E' or '-' or '+'))
            {
                return false;
            }
        }

        return sawDigit;
    }

    private static bool TryOctal(string digits, out long value)
    {
        value = 0;
        if (digits.Length == 0 || digits.Length > 21)
        {
            return false;
        }

        foreach (var d in digits)
        {
            if (d is < '0' or > '7')
            {
                return false;
            }

            value = (value * 8) + (d - '0');
        }

        return true;
    }
}
