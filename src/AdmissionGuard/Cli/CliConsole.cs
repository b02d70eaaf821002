namespace AdmissionGuard.Cli;

/// <summary>
/// Where the commands read and write, and what the terminal allows. Standard output is buffered
/// (the console's own writer flushes every write, which is slow for large reports) and flushed by
/// <see cref="CliApp"/> before the process exits.
/// </summary>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error, bool OutIsTerminal, bool ErrorIsTerminal, bool NoColor)
{
    public static CliConsole FromSystem()
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return new CliConsole(
            new StreamReader(Console.OpenStandardInput(), utf8),
            new StreamWriter(Console.OpenStandardOutput(), utf8, 64 * 1024) { AutoFlush = false, NewLine = "\n" },
            new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true, NewLine = "\n" },
            !Console.IsOutputRedirected,
            !Console.IsErrorRedirected,
            // https://no-color.org: any non-empty value disables colour.
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));
    }

    /// <summary>Colour on standard output only on a terminal and without NO_COLOR.</summary>
    public bool ColorOut => OutIsTerminal && !NoColor;

    /// <summary>Colour on standard error only on a terminal and without NO_COLOR.</summary>
    public bool ColorError => ErrorIsTerminal && !NoColor;
}
