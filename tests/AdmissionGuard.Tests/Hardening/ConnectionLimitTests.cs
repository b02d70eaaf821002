using System.Net;
using System.Security.Authentication;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// The connection cap counts per listener: a flood of connections on the admission port is turned
/// away past the cap, and the health port keeps answering the kubelet's probes.
/// </summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task Connections_past_the_cap_are_refused_while_the_health_port_answers_and_a_freed_slot_is_reused()
    {
        await using var server = await RunningServer.StartAsync(o => o with { Limits = o.Limits with { MaxConcurrentConnections = 4 } });
        var open = new List<RawTlsConnection>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                open.Add(await RawTlsConnection.OpenAsync(server.AdmissionUri));
            }

            Assert.Null(await TryOpenAsync());
            using (var ready = await server.Health.GetAsync("/readyz"))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            var again = await Eventually.GetAsync(TryOpenAsync, connection => connection is not null, "a connection is accepted once one closed");
            open.Add(again!);
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }

        async Task<RawTlsConnection?> TryOpenAsync()
        {
            try
            {
                return await RawTlsConnection.OpenAsync(server.AdmissionUri);
            }
            catch (Exception e) when (e is IOException or AuthenticationException)
            {
                return null;
            }
        }
    }
}
