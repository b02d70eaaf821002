# AdmissionGuard: one executable that serves the webhook and checks manifests.
#   make image                      # docker build -t admission-guard:dev .
#   docker run --rm -i admission-guard:dev check - < rendered.yaml
# The default command is `admission-guard serve`; the chart passes its flags explicitly.
#
# The base images are build arguments, so that a mirror (or an air-gapped registry) can stand in
# for the public ones:
#   docker build --build-arg SDK_IMAGE=registry.example.com/dotnet/sdk:10.0 \
#     --build-arg RUNTIME_IMAGE=registry.example.com/dotnet/aspnet:10.0-noble-chiseled .
# The executable is framework-dependent: the runtime image must carry the ASP.NET Core shared
# framework (10.0) in /usr/share/dotnet, and a non-root user 1654.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled

# Build on the machine's own platform, for the target's architecture (no emulation needed).
FROM --platform=$BUILDPLATFORM ${SDK_IMAGE} AS build
ARG TARGETARCH
WORKDIR /src

# Restore first, from the project files alone, so that source edits keep the restore layer cached.
COPY Directory.Build.props ./
COPY src/AdmissionGuard.Core/AdmissionGuard.Core.csproj src/AdmissionGuard.Core/
COPY src/AdmissionGuard/AdmissionGuard.csproj src/AdmissionGuard/
RUN dotnet restore src/AdmissionGuard/AdmissionGuard.csproj -a $TARGETARCH

# The default policies are embedded into the Core assembly from policies/*.yaml.
COPY policies/ policies/
COPY src/ src/
RUN dotnet publish src/AdmissionGuard/AdmissionGuard.csproj -a $TARGETARCH -c Release --no-restore \
      -o /app -p:UseAppHost=true -p:DebugType=none

# Chiseled Ubuntu by default: the ASP.NET Core runtime and nothing else (no shell, no package
# manager).
FROM ${RUNTIME_IMAGE} AS runtime
WORKDIR /app
COPY --from=build /app ./

# The diagnostics server would create a socket under /tmp; with a read-only root file system
# (the chart's default) there is nowhere to put it. The chart still mounts an emptyDir at /tmp.
ENV DOTNET_EnableDiagnostics=0
# The runtime settings chosen for the rate an API server calls the webhook (no thread-pool
# spinning between reviews; docs/performance.md) are in admission-guard.runtimeconfig.json, which
# the publish wrote beside the executable: no environment is needed for them here.
# The server binds its own ports (--port 8443, --health-port 8080); the image's default ASP.NET
# Core HTTP port (8080) would only add an "overriding address" warning.
ENV ASPNETCORE_HTTP_PORTS=

EXPOSE 8443 8080
# The runtime image's non-root "app" user, by number so that runAsNonRoot can verify it.
USER 1654
ENTRYPOINT ["/app/admission-guard"]
CMD ["serve"]
