using System.Text;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Soak;

/// <summary>
/// Every review the clients send, with the answer the engine gives for it single-threaded under
/// policy set A and under set B, byte for byte as the server writes it.
/// </summary>
internal sealed class Expectations
{
    public sealed record Case(string Name, string Path, byte[] Body, byte[] UnderA, byte[] UnderB)
    {
        public bool Distinguishes => !UnderA.AsSpan().SequenceEqual(UnderB);
    }

    private Expectations(IReadOnlyList<Case> cases) => Cases = cases;

    public IReadOnlyList<Case> Cases { get; }

    public static Expectations Compute(PolicyEngine a, PolicyEngine b)
    {
        var cases = new List<Case>();
        foreach (var sample in RealReviews.Fixtures())
        {
            var body = Encoding.UTF8.GetBytes(sample.Json);
            foreach (var (path, type) in new[] { ("/validate", PolicyType.Validating), ("/mutate", PolicyType.Mutating) })
            {
                cases.Add(new Case(sample.Name, path, body, Answer(a, body, type), Answer(b, body, type)));
            }
        }

        return new Expectations(cases);
    }

    // A fresh read per engine: the request caches its parsed object.
    private static byte[] Answer(PolicyEngine engine, byte[] body, PolicyType type) => ReviewResponder.Respond(engine, body, type);
}
