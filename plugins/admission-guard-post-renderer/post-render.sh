#!/bin/sh
# Runs `admission-guard post-render` for Helm 4: manifests on stdin, mutated manifests on stdout.
# --post-renderer-args are passed on (e.g. --policies DIR, --fail-on warn).
# ADMISSION_GUARD names the binary when it is not `admission-guard` on PATH.
set -eu

# Helm 4 keeps a post-renderer plugin's standard error to itself, so the reason for a refusal
# would never be shown. Where Helm's own standard error is a terminal or a pipe, write to it
# directly (a regular file is left alone: appending there would clash with Helm's own offset).
helm_stderr="/proc/${PPID}/fd/2"
if [ -c "$helm_stderr" ] || [ -p "$helm_stderr" ]; then
  if [ -w "$helm_stderr" ]; then
    exec 2>>"$helm_stderr"
  fi
fi

exec "${ADMISSION_GUARD:-admission-guard}" post-render "$@"
