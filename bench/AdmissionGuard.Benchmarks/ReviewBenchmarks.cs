using System.Buffers;
using AdmissionGuard.Benchmarks.Samples;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using BenchmarkDotNet.Attributes;

namespace AdmissionGuard.Benchmarks;

/// <summary>
/// One review through the webhook's code path, whole and in its three parts, on each sample with
/// the default policies: Parse (the review's bytes to a request; object and oldObject stay raw
/// slices), Evaluate (parsing the object, the policies, the decision), Serialise (the answer's
/// bytes), and FullReview (all three, as the endpoint runs them, request disposed at the end).
/// HTTP, TLS, logging and metrics are not in these figures; <c>make bench</c> measures them.
/// </summary>
public class ReviewBenchmarks : SampleBenchmarks
{
    private readonly ArrayBufferWriter<byte> output = new(64 * 1024);
    private PolicyEngine engine = null!;
    private AdmissionAnswer answer = null!;

    [GlobalSetup]
    public void Setup()
    {
        engine = DefaultEngine.Create();
        using var request = Sample.NewRequest();
        answer = AdmissionAnswer.For(engine.Evaluate(request, Sample.Webhook));
    }

    /// <summary>The whole review into one document and the envelope read; disposed, as the server does, so the document's buffers are reused.</summary>
    [Benchmark]
    public int Parse()
    {
        using var request = AdmissionReviewReader.Read(Sample.ReviewBytes).Request;
        return request.Uid.Length;
    }

    /// <summary>A fresh request each call (152 bytes of the figure): a request caches its parsed object.</summary>
    [Benchmark]
    public object Evaluate()
    {
        using var request = Sample.NewRequest();
        return AdmissionAnswer.For(engine.Evaluate(request, Sample.Webhook));
    }

    /// <summary>Into a reused buffer, as into the response's pipe.</summary>
    [Benchmark]
    public int Serialise()
    {
        output.ResetWrittenCount();
        AdmissionReviewWriter.Write(output, AdmissionReviewVersion.V1, ReviewSample.Uid, answer, Sample.Webhook);
        return output.WrittenCount;
    }

    [Benchmark]
    public int FullReview()
    {
        var review = AdmissionReviewReader.Read(Sample.ReviewBytes);
        using var request = review.Request;
        var decision = engine.Evaluate(request, Sample.Webhook);
        output.ResetWrittenCount();
        AdmissionReviewWriter.Write(output, review.Version, request.Uid, AdmissionAnswer.For(decision), Sample.Webhook);
        return output.WrittenCount;
    }
}
