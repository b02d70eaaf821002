using AdmissionGuard.Core.Engine;
using AdmissionGuard.Server.Hosting;

namespace AdmissionGuard.Tests.Server;

/// <summary>
/// A test class whose every test meets its own <see cref="RunningServer"/>: started before the
/// test with the options and policies the class asks for, stopped after it.
/// </summary>
public abstract class ServerPerTest : IAsyncLifetime
{
    private readonly Func<ServerOptions, ServerOptions>? configure;
    private readonly PolicySet? policies;
    private RunningServer? server;

    /// <param name="configure">Changes to the test options of <see cref="RunningServer.StartAsync"/>; null keeps them.</param>
    /// <param name="policies">The policies the server runs; null for the built-in policies.</param>
    private protected ServerPerTest(Func<ServerOptions, ServerOptions>? configure = null, PolicySet? policies = null)
    {
        this.configure = configure;
        this.policies = policies;
    }

    private protected RunningServer Server => server ?? throw new InvalidOperationException("the server starts before each test");

    public async Task InitializeAsync() => server = await RunningServer.StartAsync(configure, policies);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
