using AdmissionGuard.Server.Reload;

namespace AdmissionGuard.Server.Logging;

/// <summary>
/// Every log line the server writes, with its event id: source-generated, but for the decision
/// line, one per review, whose state writes itself (<see cref="DecisionEntry"/>).
/// </summary>
internal static partial class AdmissionLog
{
    /// <summary>Event 1, the decision line of an answered review (<see cref="DecisionEntry"/>).</summary>
    public static void Decision(this ILogger logger, DecisionEntry entry) =>
        logger.Log(LogLevel.Information, DecisionEntry.Event, entry, null, DecisionEntry.Formatter);

    [LoggerMessage(2, LogLevel.Information, "{Endpoint}: {Method} rejected with {Status} ({Reason}): {Message}")]
    public static partial void Rejected(this ILogger logger, string endpoint, string method, int status, string reason, string message);

    [LoggerMessage(3, LogLevel.Error, "{Endpoint}: answered 500 for request {TraceId} (the webhook's failurePolicy applies)")]
    public static partial void InternalError(this ILogger logger, string endpoint, string traceId);

    [LoggerMessage(4, LogLevel.Error, "Unhandled error on {Path}")]
    public static partial void Unhandled(this ILogger logger, string path, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Policies loaded from {Source}: {Policies}")]
    public static partial void PoliciesLoaded(this ILogger logger, string source, string policies);

    [LoggerMessage(11, LogLevel.Error, "Policies in {Source} not loaded, {Count} error(s); the last good set stays: {Errors}")]
    public static partial void PolicyLoadFailed(this ILogger logger, string source, int count, string errors);

    [LoggerMessage(20, LogLevel.Information, "Serving certificate {Subject} (SHA-256 {Thumbprint}) valid until {NotAfter}, from {Source}")]
    public static partial void CertificateLoaded(this ILogger logger, string subject, string thumbprint, string notAfter, string source);

    [LoggerMessage(21, LogLevel.Error, "Serving certificate from {Source} not loaded; the previous one stays: {Reason}")]
    public static partial void CertificateLoadFailed(this ILogger logger, string source, string reason);

    [LoggerMessage(22, LogLevel.Warning,
        "No --tls-cert-file given: generated a certificate for localhost, 127.0.0.1 and ::1. Trust {CaFile} (e.g. curl --cacert {CaFile}); tls.crt and tls.key are beside it")]
    public static partial void GeneratedCertificate(this ILogger logger, string caFile);

    [LoggerMessage(23, LogLevel.Warning, "Generated a certificate but could not write it to {Directory}: {Reason}")]
    public static partial void GeneratedCertificateNotWritten(this ILogger logger, string directory, string reason);

    [LoggerMessage(30, LogLevel.Information, "Admission webhook on https://{Admission} (/validate, /mutate); health on http://{Health} (/healthz, /readyz, /metrics)")]
    public static partial void Listening(this ILogger logger, string admission, string health);

    [LoggerMessage(31, LogLevel.Information, "Shutting down: /readyz answers 503; serving {Delay} more, then waiting up to {Timeout} for in-flight reviews")]
    public static partial void ShuttingDown(this ILogger logger, TimeSpan delay, TimeSpan timeout);

    [LoggerMessage(32, LogLevel.Information, "Flux decryption look-up {State}")]
    public static partial void FluxLookup(this ILogger logger, string state);

    [LoggerMessage(33, LogLevel.Information,
        "Warmed up in {ElapsedMs}ms: {InProcess} reviews through the engine, {OverHttps} through the HTTPS listener, none of them logged or counted; /readyz answers 200")]
    public static partial void WarmedUp(this ILogger logger, double elapsedMs, int inProcess, int overHttps);

    [LoggerMessage(34, LogLevel.Warning, "Warm-up incomplete after {ElapsedMs}ms ({Reason}); ready without it, the first reviews may be slower")]
    public static partial void WarmUpIncomplete(this ILogger logger, double elapsedMs, string reason);

    [LoggerMessage(35, LogLevel.Information, "Background scan {State}")]
    public static partial void BackgroundScan(this ILogger logger, string state);

    [LoggerMessage(36, LogLevel.Information, "PolicyException watch {State}")]
    public static partial void ExceptionWatch(this ILogger logger, string state);

    [LoggerMessage(37, LogLevel.Warning, "PolicyException watch failing, the last known set ({Count} exceptions) stays in force: {Reason}")]
    public static partial void ExceptionWatchFailed(this ILogger logger, int count, string reason);

    [LoggerMessage(40, LogLevel.Warning, "Cannot watch {Directory} for changes ({Reason}); checking every {Interval} instead")]
    public static partial void WatchUnavailable(this ILogger logger, string directory, string reason, TimeSpan interval);

    [LoggerMessage(41, LogLevel.Error, "Checking {What} for changes failed")]
    public static partial void ReloadCheckFailed(this ILogger logger, string what, Exception exception);
}
