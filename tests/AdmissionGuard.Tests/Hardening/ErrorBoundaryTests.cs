using AdmissionGuard.Server.Admission;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// A connection that went away is not a webhook bug. Kestrel cancels RequestAborted on another
/// thread, so the failed read can be seen before the token says so (the HTTP/2 slow-stream test
/// met it: a stream of a faulted connection answered 500 and counted as internal_error).
/// </summary>
public sealed class ErrorBoundaryTests
{
    [Fact]
    public void A_read_on_an_aborted_stream_is_the_client_going_away_before_the_token_says_so()
    {
        var context = new DefaultHttpContext();
        var aborted = new IOException("The request stream was aborted.", new ConnectionAbortedException("The HTTP/2 connection faulted."));

        Assert.False(context.RequestAborted.IsCancellationRequested);
        Assert.True(ErrorBoundary.ClientWentAway(context, aborted));
        Assert.True(ErrorBoundary.ClientWentAway(context, new ConnectionAbortedException()));
    }

    [Fact]
    public void Other_failures_are_the_client_going_away_only_once_the_request_is_aborted()
    {
        using var abort = new CancellationTokenSource();
        var context = new DefaultHttpContext { RequestAborted = abort.Token };

        Assert.False(ErrorBoundary.ClientWentAway(context, new IOException("disk")));
        Assert.False(ErrorBoundary.ClientWentAway(context, new OperationCanceledException()));
        Assert.False(ErrorBoundary.ClientWentAway(context, new InvalidOperationException()));

        abort.Cancel();

        Assert.True(ErrorBoundary.ClientWentAway(context, new IOException("reset")));
        Assert.True(ErrorBoundary.ClientWentAway(context, new OperationCanceledException()));
        Assert.False(ErrorBoundary.ClientWentAway(context, new InvalidOperationException()));
    }
}
