#!/usr/bin/env bash
# make image-test: build the image with `make image` from stand-in base images made on this
# machine (tests/image/base-images.sh), then run it as the chart's Deployment runs it
# (tests/image/run-as-chart.sh). Needs root, for debootstrap and for starting the Docker engine;
# installs what is missing from Debian's packages.
#
# Usage: image-test.sh HELM    (run from the repository root; DOCKER names the client)
set -euo pipefail
trap 'echo "image-test: line $LINENO failed: $BASH_COMMAND" >&2' ERR

helm="${1:?usage: image-test.sh HELM}"
work="${IMAGE_TEST_WORK:-artifacts/image-test}"
image="${IMAGE_TEST_TAG:-admission-guard:image-test}"
export DOCKER="${DOCKER:-tools/image/docker}"

phase_started=$SECONDS
phase() { echo "image-test: $1 ($((SECONDS - phase_started)) s)"; phase_started=$SECONDS; }

if [[ "$(id -u)" != 0 ]]; then
  echo "image-test: needs root (debootstrap, starting dockerd); run it as root, as CI does" >&2
  exit 1
fi

mkdir -p "$work"

# command:package for everything below that a new machine may lack.
missing=()
for need in dockerd:docker.io debootstrap:debootstrap jq:jq yq:yq curl:curl openssl:openssl nsenter:util-linux flock:util-linux; do
  command -v "${need%%:*}" >/dev/null || missing+=("${need#*:}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "image-test: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > "$work.apt.log" 2>&1 \
    || { tail -20 "$work.apt.log" >&2; exit 1; }
  phase "installed ${missing[*]}"
fi

"$DOCKER" version --format 'image-test: Docker engine {{.Server.Version}}, client {{.Client.Version}}'
phase "engine up"

bases="$(tests/image/base-images.sh "$work")"
sdk_image="$(sed -n 's/^SDK_IMAGE=//p' <<<"$bases")"
runtime_image="$(sed -n 's/^RUNTIME_IMAGE=//p' <<<"$bases")"
phase "stand-in base images $sdk_image and $runtime_image"

previous="$("$DOCKER" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
make --no-print-directory image IMAGE="$image" SDK_IMAGE="$sdk_image" RUNTIME_IMAGE="$runtime_image" DOCKER="$DOCKER" \
  > "$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; echo "image-test: make image failed (log: $work/build.log)" >&2; exit 1; }
current="$("$DOCKER" image inspect -f '{{.Id}}' "$image")"
[[ -z "$previous" || "$previous" == "$current" ]] || "$DOCKER" image rm "$previous" >/dev/null 2>&1 || true
# Every source change adds restore and publish layers to BuildKit's cache; keep it bounded.
"$DOCKER" builder prune -f --keep-storage 4GB >/dev/null
phase "make image IMAGE=$image (log: $work/build.log)"

tests/image/run-as-chart.sh "$image" "$helm" "$work/report.txt"
phase "ran as the chart runs it"
