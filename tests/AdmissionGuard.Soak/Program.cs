using AdmissionGuard.Soak;

// make soak [SOAK_DURATION=3m]: exit 0 when every invariant held, 1 on any violation, 2 on bad flags.
SoakOptions options;
try
{
    options = SoakOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"soak: {e.Message}");
    return 2;
}

var violations = await SoakRun.RunAsync(options, Console.Out);
return violations.Count == 0 ? 0 : 1;
