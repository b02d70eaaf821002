# AdmissionGuard build entry points. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
SLN := AdmissionGuard.sln

.PHONY: all restore build test run clean bench bench-engine

all: build

restore:
	$(DOTNET) restore $(SLN)

build: restore
	$(DOTNET) build $(SLN) -c $(CONFIG) --no-restore -warnaserror

## Restore, build with warnings as errors, run every test.
test: build
	$(DOTNET) test $(SLN) -c $(CONFIG) --no-build --logger "console;verbosity=minimal"

## The webhook on https://127.0.0.1:8443 with a generated certificate (CA in .dev/ca.crt) and the
## built-in policies; health and metrics on http://127.0.0.1:8080. Ctrl-C stops it at once.
run:
	$(DOTNET) run --project src/AdmissionGuard -c $(CONFIG) -- serve --address 127.0.0.1 --generated-cert-dir $(CURDIR)/.dev --shutdown-delay 0s

## Load comparison against a bare HTTPS floor, plus the engine's Deployment benchmark; prints a
## markdown table (artifacts/bench/report.md). Not part of `test`; takes a few minutes.
BENCH := artifacts/bench
BENCH_UID := 705ab4f5-6393-11e8-b7cc-42010a800002
BENCH_SERVE_ARGS := --address {address} --port {port} --health-port {health} --tls-cert-file {cert} --tls-key-file {key}
BENCH_OURS_CMD ?= $(CURDIR)/$(BENCH)/admission-guard/admission-guard serve $(BENCH_SERVE_ARGS)
BENCH_FLOOR_CMD ?= $(CURDIR)/$(BENCH)/floor/floor-server $(BENCH_SERVE_ARGS)
BENCH_LOAD_ARGS ?=

bench:
	@command -v wrk >/dev/null || { apt-get update && apt-get install -y wrk; }
	rm -rf $(BENCH) && mkdir -p $(BENCH)
	$(DOTNET) publish src/AdmissionGuard -c Release --use-current-runtime --self-contained false -o $(BENCH)/admission-guard
	$(DOTNET) publish bench/FloorServer -c Release --use-current-runtime --self-contained false -o $(BENCH)/floor
	$(DOTNET) publish bench/LoadGen -c Release -o $(BENCH)/loadgen
	$(DOTNET) run -c Release --project bench/AdmissionGuard.Benchmarks -- write-samples $(BENCH)/samples
	ADMISSION_GUARD_BENCH_SAMPLES=Deployment $(DOTNET) run -c Release --project bench/AdmissionGuard.Benchmarks -- \
		--filter '*' --job short --exporters json --artifacts $(CURDIR)/$(BENCH)/engine
	$(BENCH)/loadgen/loadgen compare --review $(BENCH)/samples/Deployment.json --uid $(BENCH_UID) \
		--ours-cmd "$(BENCH_OURS_CMD)" --floor-cmd "$(BENCH_FLOOR_CMD)" \
		--wrk-script bench/wrk/post-review.lua --work $(BENCH)/run \
		--engine-results $(BENCH)/engine/results --report $(BENCH)/report.md $(BENCH_LOAD_ARGS)
	@# A decision line per review: the servers' logs reach hundreds of MB; keep their first 4 MB.
	find $(BENCH)/run/logs -name '*.log' -size +4M -exec truncate -s 4M {} +

## Every engine benchmark on every sample (BenchmarkDotNet's default job; about 15 minutes).
bench-engine:
	$(DOTNET) run -c Release --project bench/AdmissionGuard.Benchmarks -- --filter '*' --artifacts $(CURDIR)/$(BENCH)/engine-full

clean:
	$(DOTNET) clean $(SLN) -c $(CONFIG)
	rm -rf .tools artifacts
