namespace AdmissionGuard.Core.Engine;

/// <summary>
/// A policy: one object in, findings (and patch operations) out. Pure: no I/O, no logging, no
/// state between calls. Actions, exclusions and exemptions are the engine's business.
/// </summary>
internal interface IPolicy
{
    string Id { get; }

    PolicyType Type { get; }

    PolicyOutcome Evaluate(PolicyContext context);
}
