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

## The webhook with a generated dev certificate and the built-in policies.
run:
	$(DOTNET) run --project src/AdmissionGuard -c $(CONFIG) -- serve

clean:
	$(DOTNET) clean $(SLN) -c $(CONFIG)
	rm -rf .tools artifacts
