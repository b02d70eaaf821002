namespace AdmissionGuard.Testing;

/// <summary>The Helm hook Job the tests apply and check: pre-upgrade, busybox, no deadline unless given.</summary>
internal static class HookJobManifest
{
    /// <summary>The Job as YAML, with <paramref name="deadline"/> lines (indented YAML under spec:) added: without activeDeadlineSeconds, hook-deadline denies it.</summary>
    public static string Yaml(string name, string ns, string deadline = "") => $"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {name}
          namespace: {ns}
          annotations:
            helm.sh/hook: pre-upgrade
        spec:
        {deadline}  template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: busybox
                  command: ["true"]

        """;
}
