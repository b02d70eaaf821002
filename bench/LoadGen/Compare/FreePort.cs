using System.Net;
using System.Net.Sockets;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>
/// A TCP port on 127.0.0.1 that nothing listens on right now, taken below the kernel's ephemeral
/// range (32768-60999 by default on Linux). A port from that range, which binding port 0 gives,
/// can be taken by one of wrk's outgoing connections before the next server binds it.
/// </summary>
internal static class FreePort
{
    private const int First = 20000;
    private const int End = 32000;

    public static int Next()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(First, End);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: try another.
            }
        }

        throw new InvalidOperationException($"no free port on 127.0.0.1 between {First} and {End}");
    }
}
