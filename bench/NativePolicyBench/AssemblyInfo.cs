// The control plane's binaries (etcd, kube-apiserver) are Linux builds: so is this benchmark.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
