using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Benchmarks;

/// <summary>The engine with the policies built into the binary, as <c>serve</c> runs it by default.</summary>
internal static class DefaultEngine
{
    public static PolicyEngine Create()
    {
        var loaded = PolicyLoader.LoadDefaults();
        if (!loaded.Succeeded)
        {
            throw new InvalidOperationException("default policies failed to load: " + string.Join("; ", loaded.Errors));
        }

        return new PolicyEngine(loaded.Policies!);
    }
}
