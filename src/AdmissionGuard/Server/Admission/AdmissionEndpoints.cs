using System.Diagnostics;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Server.Logging;
using AdmissionGuard.Server.Monitoring;
using AdmissionGuard.Server.Reload;
using AdmissionGuard.Server.WarmUp;
using Microsoft.Net.Http.Headers;

namespace AdmissionGuard.Server.Admission;

/// <summary>
/// <c>POST /validate</c> and <c>POST /mutate</c>: the HTTP edge of the engine. Each check has its
/// reason: POST only (the API server posts); a JSON body (the review is JSON; a wrong type is a
/// misrouted client); a bounded body (a review carries object and oldObject, see
/// <see cref="ServerOptions.MaxRequestBodyBytes"/>); a decodable review with a uid (the answer
/// must echo it). Then one engine call and the answer in the request's apiVersion.
/// </summary>
internal sealed class AdmissionEndpoints(PolicyProvider policies, AdmissionMetrics metrics, ServerOptions options, WarmUpMark warmUp, Rejections rejections, ILogger<AdmissionEndpoints> logger)
{
    public const string ValidatePath = "/validate";
    public const string MutatePath = "/mutate";

    public static void Map(WebApplication app)
    {
        var endpoints = app.Services.GetRequiredService<AdmissionEndpoints>();
        app.Map(ValidatePath, context => endpoints.HandleAsync(context, PolicyType.Validating))
            .WithMetadata(Listener.Admission)
            .WithDisplayName("validate");
        app.Map(MutatePath, context => endpoints.HandleAsync(context, PolicyType.Mutating))
            .WithMetadata(Listener.Admission)
            .WithDisplayName("mutate");
    }

    /// <summary>The <c>endpoint</c> label: validate, mutate, or other (health, unknown paths).</summary>
    public static string EndpointLabel(PathString path) =>
        path.Equals(ValidatePath, StringComparison.OrdinalIgnoreCase) ? "validate"
        : path.Equals(MutatePath, StringComparison.OrdinalIgnoreCase) ? "mutate"
        : "other";

    private async Task HandleAsync(HttpContext context, PolicyType type)
    {
        var started = Stopwatch.GetTimestamp();
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            await rejections.WriteAsync(context, RejectReason.MethodNotAllowed, $"use POST, not {request.Method}");
            return;
        }

        if (!IsJson(request.ContentType))
        {
            await rejections.WriteAsync(context, RejectReason.UnsupportedMediaType, "the body must be application/json (UTF-8)");
            return;
        }

        if (request.ContentLength > options.MaxRequestBodyBytes)
        {
            await OversizedBody.RejectAsync(context, rejections, options.MaxRequestBodyBytes, options.Limits.OversizedBodyDrainBytes, read: 0);
            return;
        }

        using var body = await RequestBody.ReadAsync(request, options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await OversizedBody.RejectAsync(context, rejections, options.MaxRequestBodyBytes, options.Limits.OversizedBodyDrainBytes, read: options.MaxRequestBodyBytes + 1);
            return;
        }

        AdmissionReview review;
        try
        {
            review = AdmissionReviewReader.Read(body.Memory);
        }
        catch (AdmissionReviewException e)
        {
            var reason = e.Error switch
            {
                AdmissionReviewError.MalformedJson => RejectReason.MalformedJson,
                AdmissionReviewError.UnsupportedVersion => RejectReason.UnsupportedVersion,
                _ => RejectReason.InvalidReview,
            };
            await rejections.WriteAsync(context, reason, e.Message);
            return;
        }

        // Disposed before the body: returns the parsed documents' pooled buffers (measured:
        // 4 KB less allocated per Deployment review, no large-object allocations for big CRDs).
        using var admission = review.Request;

        // One read of the reference: a reload during this review does not change its engine.
        var engine = policies.Current;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var (decision, answer) = ReviewResponder.Respond(engine, review, type, context.Response.BodyWriter);

        // The body buffer (and the documents parsed over it) is released when this method returns,
        // after the answer was written; only strings from the decision are used below. The
        // warm-up's own reviews, before readiness, are neither logged nor counted.
        if (!warmUp.IsOn(request))
        {
            Record(metrics, logger, review.Request, decision, answer, type, engine, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The decision line and the metrics of one answered review (also run by the warm-up, into a throwaway log and registry).</summary>
    internal static void Record(AdmissionMetrics metrics, ILogger logger, AdmissionRequest request, AdmissionDecision decision, AdmissionAnswer answer, PolicyType type, PolicyEngine engine, TimeSpan elapsed)
    {
        var endpoint = type == PolicyType.Validating ? "validate" : "mutate";
        var outcome = !decision.Allowed ? "denied"
            : type == PolicyType.Mutating && decision.Patch.Count > 0 ? "patched"
            : "allowed";
        var operation = request.Operation.ToWire();

        // A client could send any kind; only kinds the endpoint's policies target become label values.
        var kindLabel = engine.Targets(request.Kind, type) ? request.Kind.Kind : "other";
        metrics.Answered(endpoint, operation, kindLabel, outcome, request.DryRun, elapsed);
        metrics.PolicyResults(decision.Results);

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.Decision(new DecisionEntry(
                endpoint,
                request.Uid,
                operation,
                request.Kind,
                request.Namespace,
                request.Name,
                request.UserInfo.Username,
                decision.Evaluated ? decision.Applier.ToWire() : string.Empty,
                request.FieldManager,
                request.DryRun,
                outcome,
                answer.StatusCode,
                decision.Results,
                Math.Round(elapsed.TotalMilliseconds, 3)));
        }
    }

    /// <summary>application/json, any case, with or without parameters; a charset, if given, must be UTF-8.</summary>
    internal static bool IsJson(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        if (!media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var charset = media.Charset;
        return !charset.HasValue
            || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
