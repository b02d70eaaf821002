// The control plane's binaries (etcd, kube-apiserver) are Linux builds: so are these tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
