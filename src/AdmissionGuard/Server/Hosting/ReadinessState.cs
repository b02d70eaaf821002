namespace AdmissionGuard.Server.Hosting;

/// <summary>What <c>/readyz</c> reports: ready once policies and certificate are loaded and the admission path is warmed up, until shutdown begins.</summary>
internal sealed class ReadinessState
{
    private volatile bool policiesLoaded;
    private volatile bool certificateLoaded;
    private volatile bool warmedUp;
    private volatile bool stopping;

    public bool PoliciesLoaded { get => policiesLoaded; set => policiesLoaded = value; }

    public bool CertificateLoaded { get => certificateLoaded; set => certificateLoaded = value; }

    /// <summary>The warm-up ended (done, failed or timed out: it only delays readiness, never prevents it).</summary>
    public bool WarmedUp { get => warmedUp; set => warmedUp = value; }

    public bool Stopping { get => stopping; set => stopping = value; }

    private volatile string? exceptionsDetail;

    /// <summary>
    /// Set while the PolicyException watch is failing: the last known set stays in force, so the
    /// server stays ready, and <c>/readyz</c> says so beside its status.
    /// </summary>
    public string? ExceptionsDetail { get => exceptionsDetail; set => exceptionsDetail = value; }

    public bool IsReady => policiesLoaded && certificateLoaded && warmedUp && !stopping;

    /// <summary>Why it is not ready, for the 503 body.</summary>
    public string Reason =>
        stopping ? "shutting down"
        : !policiesLoaded ? "policies not loaded"
        : !certificateLoaded ? "certificate not loaded"
        : !warmedUp ? "warming up"
        : "ready";
}
