using System.Runtime.InteropServices;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>SIGTERM, which .NET's Process cannot send (Kill sends SIGKILL).</summary>
internal static partial class ProcessSignals
{
    private const int SigTerm = 15;

    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
