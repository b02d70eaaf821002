# AdmissionGuard build entry points. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
SLN := AdmissionGuard.sln

.PHONY: all restore build test run clean

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
	$(DOTNET) run --project src/AdmissionGuard -c $(CONFIG) -- serve --address 127.0.0.1 --generated-cert-dir .dev --shutdown-delay 0s

clean:
	$(DOTNET) clean $(SLN) -c $(CONFIG)
	rm -rf .tools artifacts
