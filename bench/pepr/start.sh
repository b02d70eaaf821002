#!/bin/sh
# Starts the Pepr module as its admission controller Deployment runs it: node, the module's
# code, PEPR_WATCH_MODE=false, JSON logs at info, TLS key and certificate files, the API path
# (the random token in /validate/<token>), port 3000; beside it a stand-in for the Kubernetes
# API (kube-stand-in.mjs) answering the store calls the controller makes before it serves.
# Usage: start.sh MODULE_DIR CERT KEY API_TOKEN WORK_DIR [NODE]
set -eu
module=$(realpath "$1") cert=$(realpath "$2") key=$(realpath "$3") token=$4 work=$5 node=${6:-node}
mkdir -p "$work"
port_file="$work/kube-port.$$"
rm -f "$port_file"
"$node" "$(dirname "$0")/kube-stand-in.mjs" "$port_file" $$ 2>>"$work/kube-stand-in.log" &
i=0
while [ ! -s "$port_file" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$port_file" ] || { echo "kube stand-in did not start" >&2; exit 1; }
cat >"$work/kubeconfig.$$" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: stand-in
  cluster:
    server: http://127.0.0.1:$(cat "$port_file")
    insecure-skip-tls-verify: true
users:
- name: pepr
  user:
    token: stand-in
contexts:
- name: stand-in
  context: { cluster: stand-in, user: pepr }
current-context: stand-in
KUBECONFIG
export KUBECONFIG="$work/kubeconfig.$$" PEPR_WATCH_MODE=false PEPR_PRETTY_LOG=false LOG_LEVEL=info \
    SSL_CERT_PATH="$cert" SSL_KEY_PATH="$key" PEPR_API_PATH="$token"
cd "$module"
exec "$node" pepr.js
