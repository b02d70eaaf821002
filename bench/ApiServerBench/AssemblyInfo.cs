// The control plane's binaries (etcd, kube-apiserver) are Linux builds.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
