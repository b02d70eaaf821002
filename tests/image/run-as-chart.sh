#!/usr/bin/env bash
# Runs IMAGE the way the chart's Deployment runs it and checks what a cluster relies on.
#
# Usage: run-as-chart.sh IMAGE HELM REPORT_FILE
#
# Everything about the run is read from the rendered chart (release admission-guard in namespace
# admission-guard, TLS from an existing Secret): the container's args, the pod's and container's
# security context, resource limits, every volume mount (the TLS Secret, the policy ConfigMap's
# files, the /tmp emptyDir as a tmpfs of its sizeLimit), the readiness probe and the termination
# grace period. A security-context field this script cannot express as a `docker run` flag fails
# the run rather than being left out.
#
# The server is reached inside the container's own network namespace, on 127.0.0.1 (nsenter), as
# the kubelet's probes and the Service's traffic reach the pod's ports; nothing is published on
# the machine. DOCKER names the client (tools/image/docker); IMAGE_TEST_STARTS (default 5) is how
# many starts the start-to-ready figures are taken over; KEEP_CONTAINER=1 leaves the container
# behind for `docker logs`.
set -euo pipefail
trap 'echo "run-as-chart: line $LINENO failed: $BASH_COMMAND" >&2' ERR

image="${1:?usage: run-as-chart.sh IMAGE HELM REPORT_FILE}"
helm="${2:?usage: run-as-chart.sh IMAGE HELM REPORT_FILE}"
report="${3:?usage: run-as-chart.sh IMAGE HELM REPORT_FILE}"
docker="${DOCKER:-docker}"
release=admission-guard
namespace=admission-guard

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok   - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
die() { echo "run-as-chart: $*" >&2; exit 1; }
# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() { local what="$1"; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
now_ms() { date +%s%3N; }
# json_true FILTER JSON [jq options...]: whether FILTER holds for JSON.
json_true() { local filter="$1" json="$2"; shift 2; jq -e "$@" "$filter" <<<"$json" >/dev/null 2>&1; }

work="$(mktemp -d)"
name="admission-guard-image-test-$$"
cleanup() {
  [[ -n "${KEEP_CONTAINER:-}" ]] || "$docker" rm -f "$name" >/dev/null 2>&1 || true
  for extra in $("$docker" ps -aq --filter "name=^$name-start-" 2>/dev/null); do "$docker" rm -f "$extra" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# -- TLS: a CA and a serving certificate for the Service, as the chart's Secret holds them -------
service="$release.$namespace.svc"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=image-test CA" \
  -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$service" \
  -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
printf 'subjectAltName=DNS:%s,DNS:%s.%s,DNS:%s.cluster.local\nextendedKeyUsage=serverAuth\n' \
  "$service" "$release" "$namespace" "$service" > "$work/tls.ext"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
  -extfile "$work/tls.ext" -out "$work/tls.crt" 2>/dev/null

# -- The chart, rendered ------------------------------------------------------------------------
"$helm" template "$release" charts/admission-guard -n "$namespace" \
  --set tls.certManager.enabled=false --set tls.existingSecret="$release-tls" --set-file tls.caBundle="$work/ca.crt" \
  > "$work/chart.yaml"
yq -c 'select(.kind == "Deployment")' "$work/chart.yaml" > "$work/deployment.json"
[[ "$(wc -l < "$work/deployment.json")" == 1 ]] || die "the chart renders $(wc -l < "$work/deployment.json") Deployments"
pod() { jq -r ".spec.template.spec | $1" "$work/deployment.json"; }
container() { jq -r ".spec.template.spec.containers[0] | $1" "$work/deployment.json"; }
[[ "$(pod '.containers | length')" == 1 ]] || die "the pod has more than one container"

mapfile -t args < <(container '.args[]')
grace="$(pod '.terminationGracePeriodSeconds')"
https_port="$(container '.ports[] | select(.name == "https") | .containerPort')"
ready_path="$(container '.readinessProbe.httpGet.path')"
ready_port_name="$(container '.readinessProbe.httpGet.port')"
health_port="$(container ".ports[] | select(.name == \"$ready_port_name\") | .containerPort")"

# -- The security context as docker run flags ---------------------------------------------------
run_flags=()
sc="$(jq -c '(.spec.template.spec.securityContext // {}) + (.spec.template.spec.containers[0].securityContext // {})' "$work/deployment.json")"
for field in $(jq -r 'keys[]' <<<"$sc"); do
  value="$(jq -c ".$field" <<<"$sc")"
  case "$field" in
    runAsUser|runAsGroup) ;;                        # below, together
    runAsNonRoot) [[ "$value" == true ]] || die "runAsNonRoot is $value" ;;
    readOnlyRootFilesystem) [[ "$value" != true ]] || run_flags+=(--read-only) ;;
    allowPrivilegeEscalation) [[ "$value" != false ]] || run_flags+=(--security-opt no-new-privileges) ;;
    privileged) [[ "$value" == false ]] || die "the chart runs the container privileged" ;;
    capabilities)
      for cap in $(jq -r '.drop[]?' <<<"$value"); do run_flags+=(--cap-drop "$cap"); done
      for cap in $(jq -r '.add[]?' <<<"$value"); do run_flags+=(--cap-add "$cap"); done ;;
    # Docker's default seccomp profile is the runtime's default, as RuntimeDefault asks.
    seccompProfile) [[ "$(jq -r .type <<<"$value")" == RuntimeDefault ]] || die "seccompProfile $value" ;;
    *) die "security context field $field=$value has no docker run equivalent here" ;;
  esac
done
uid="$(jq -r '.runAsUser // empty' <<<"$sc")"
gid="$(jq -r '.runAsGroup // empty' <<<"$sc")"
[[ -n "$uid" && "$uid" != 0 ]] || die "the chart sets no non-root runAsUser"
run_flags+=(--user "$uid${gid:+:$gid}")

# Limits: Mi/Gi memory, whole or milli CPUs.
memory="$(container '.resources.limits.memory // empty')"
cpu="$(container '.resources.limits.cpu // empty')"
if [[ -n "$memory" ]]; then
  case "$memory" in *Mi) run_flags+=(--memory "${memory%Mi}m") ;; *Gi) run_flags+=(--memory "${memory%Gi}g") ;; *) die "memory limit $memory" ;; esac
fi
if [[ -n "$cpu" ]]; then
  case "$cpu" in *m) run_flags+=(--cpus "$(awk "BEGIN { print ${cpu%m} / 1000 }")") ;; *) run_flags+=(--cpus "$cpu") ;; esac
fi

# -- Volumes, mounted where the chart mounts them ----------------------------------------------
# configmap_files CHART NAME DIR: one file in DIR per key of the ConfigMap NAME rendered in CHART.
configmap_files() {
  local data key
  data="$(yq -c "select(.kind == \"ConfigMap\" and .metadata.name == \"$2\") | .data" "$1")"
  [[ -n "$data" ]] || die "the chart renders no ConfigMap $2"
  mkdir -p "$3"
  for key in $(jq -r 'keys[]' <<<"$data"); do jq -r --arg k "$key" '.[$k]' <<<"$data" > "$3/$key"; done
}

# kubelet_volume DIR FILE...: FILEs laid out as the kubelet writes a Secret or ConfigMap volume:
# a timestamped directory, ..data linking to it, and one link per key through ..data; root-owned,
# mode 0644 (the default defaultMode).
kubelet_volume() {
  local dir="$1" stamp file; shift
  stamp="..$(date -u +%Y_%m_%d_%H_%M_%S.%N)"
  mkdir -p "$dir/$stamp"
  cp "$@" "$dir/$stamp/"
  chmod 0755 "$dir" "$dir/$stamp" && chmod 0644 "$dir/$stamp/"*
  if [[ -L "$dir/..data" ]]; then
    # An update, as the kubelet makes it: the new directory, then ..data renamed over at once.
    local old; old="$(readlink "$dir/..data")"
    ln -s "$stamp" "$dir/..data_tmp" && mv -T "$dir/..data_tmp" "$dir/..data"
    rm -rf "${dir:?}/$old"
  else
    ln -s "$stamp" "$dir/..data"
    for file in "$@"; do ln -s "..data/$(basename "$file")" "$dir/$(basename "$file")"; done
  fi
}

hardening=("${run_flags[@]}")     # what `docker run -i IMAGE check -` gets too
tmpfs_flags=()
while read -r mount; do
  volume_name="$(jq -r .name <<<"$mount")" path="$(jq -r .mountPath <<<"$mount")"
  ro="$(jq -r 'if .readOnly then ":ro" else "" end' <<<"$mount")"
  volume="$(pod ".volumes[] | select(.name == \"$volume_name\")")"
  if [[ "$(jq -r '.secret.secretName // empty' <<<"$volume")" == "$release-tls" ]]; then
    kubelet_volume "$work/tls-volume" "$work/ca.crt" "$work/tls.crt" "$work/tls.key"
    run_flags+=(-v "$work/tls-volume:$path$ro")
    tls_path="$path"
  elif configmap="$(jq -er '.configMap.name' <<<"$volume")"; then
    policies_configmap="$configmap"
    configmap_files "$work/chart.yaml" "$configmap" "$work/configmap"
    kubelet_volume "$work/policies-volume" "$work/configmap/"*
    run_flags+=(-v "$work/policies-volume:$path$ro")
    policy_files="$(cd "$work/configmap" && echo *)"
  elif [[ "$(jq -r '.emptyDir.medium // empty' <<<"$volume")" == Memory ]]; then
    size="$(jq -r '.emptyDir.sizeLimit // empty' <<<"$volume")"
    size="${size%i}"; size="${size,,}"
    tmpfs_flags+=(--tmpfs "$path:rw,exec,mode=1777${size:+,size=$size}")
  else
    die "volume $volume_name ($volume) has no stand-in here"
  fi
done < <(container '.volumeMounts[] | @json')
run_flags+=("${tmpfs_flags[@]}")
hardening+=("${tmpfs_flags[@]}")
[[ -n "${tls_path:-}" && -n "${policy_files:-}" ]] || die "the chart mounts no TLS Secret or no policy ConfigMap"

echo "chart: args ${args[*]}"
echo "chart: docker run ${run_flags[*]//$work/<tmp>}"

# -- Start, and wait for readiness --------------------------------------------------------------
in_pod() { nsenter -t "$pid" -n "$@"; }
http_status() { in_pod curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$health_port$1" || true; }
review() { # review PATH FILE: the AdmissionReview answer over HTTPS, checked against the CA
  in_pod curl -sS --fail --max-time 5 --cacert "$work/ca.crt" --resolve "$service:$https_port:127.0.0.1" \
    -H 'Content-Type: application/json' --data-binary @"$2" "https://$service:$https_port$1"
}
logs_on_failure() { "$docker" logs "$name" 2>&1 | tail -40 | sed 's/^/  container: /'; }

# start CONTAINER: runs it as the chart does and waits for readiness (at most 30 s); sets pid,
# started_ms (docker run), process_ms (the process's start) and ready_ms (empty if never ready).
start() {
  started_ms="$(now_ms)"
  "$docker" run -d --name "$1" "${run_flags[@]}" "$image" "${args[@]}" >/dev/null
  pid="$("$docker" inspect -f '{{.State.Pid}}' "$1")"
  process_ms="$(date -d "$("$docker" inspect -f '{{.State.StartedAt}}' "$1")" +%s%3N)"
  ready_ms=""
  for _ in $(seq 1 600); do
    if [[ "$(http_status "$ready_path")" == 200 ]]; then ready_ms="$(now_ms)"; return; fi
    [[ "$("$docker" inspect -f '{{.State.Running}}' "$1")" == true ]] || return 0
    sleep 0.05
  done
}

start "$name"
if [[ -z "$ready_ms" ]]; then
  fail "$ready_path answers 200 on port $health_port"
  logs_on_failure
  echo "image-test: $passed passed, $failed failed"
  exit 1
fi
pass "$ready_path answers 200 on port $health_port, $((ready_ms - started_ms)) ms after docker run ($((ready_ms - process_ms)) ms after the process started)"
starts=("$((ready_ms - started_ms)) $((ready_ms - process_ms))")
check "/healthz answers 200" test "$(http_status /healthz)" == 200
check "/metrics answers 200" test "$(http_status /metrics)" == 200

# -- One validating and one mutating review over HTTPS -----------------------------------------
validate_uid="$(jq -r .request.uid examples/deployment-without-checksum.json)"
if answer="$(review /validate examples/deployment-without-checksum.json)"; then
  check "/validate denies the Deployment without a checksum annotation (config-checksum, 403, same uid)" \
    json_true '.kind == "AdmissionReview" and .response.uid == $uid and .response.allowed == false
      and .response.status.code == 403 and (.response.status.message | contains("[config-checksum]"))' "$answer" --arg uid "$validate_uid"
else
  fail "/validate answers over HTTPS with a certificate for $service"
fi
mutate_uid="$(jq -r .request.uid examples/pvc-applied-by-helm.json)"
if answer="$(review /mutate examples/pvc-applied-by-helm.json)"; then
  patch="$(jq -r '.response.patch // empty' <<<"$answer" | base64 -d 2>/dev/null || true)"
  check "/mutate allows the Helm PVC (same uid) with a JSONPatch" \
    json_true '.response.uid == $uid and .response.allowed == true and .response.patchType == "JSONPatch"' "$answer" --arg uid "$mutate_uid"
  check "the patch adds helm.sh/resource-policy: keep" \
    json_true 'any(.[]; .op == "add" and .path == "/metadata/annotations/helm.sh~1resource-policy" and .value == "keep")' "$patch"
else
  fail "/mutate answers over HTTPS with a certificate for $service"
fi
policies_path="$(container '.volumeMounts[] | select(.name == "policies") | .mountPath')"
"$docker" logs "$name" > "$work/server.log" 2>&1
loaded="$(jq -rR --arg path "$policies_path" 'fromjson? | select(.EventId == 10 and .State.Source == $path) | .State.Policies' "$work/server.log" | head -1)"
# settings.yaml is the policy set's GuardSettings document (exception bounds), not a policy.
check "the server runs the chart's policy files from $policies_path ($loaded)" \
  bash -c 'for f in $1; do [[ $f == settings.yaml ]] && continue; grep -q "${f%.yaml}=" <<<"$2" || exit 1; done; [[ -n "$2" ]]' _ "$policy_files" "$loaded"

# -- A ConfigMap change reaches the running server ----------------------------------------------
# The chart rendered with config-checksum set to audit, delivered as the kubelet delivers a
# ConfigMap edit to a running pod; the server rereads its directory (file events, and every
# --reload-interval, 10 s).
"$helm" template "$release" charts/admission-guard -n "$namespace" --set policies.configChecksum.action=audit \
  --set tls.certManager.enabled=false --set tls.existingSecret="$release-tls" --set-file tls.caBundle="$work/ca.crt" \
  > "$work/chart-audit.yaml"
configmap_files "$work/chart-audit.yaml" "$policies_configmap" "$work/configmap-audit"
kubelet_volume "$work/policies-volume" "$work/configmap-audit/"*
swapped_ms="$(now_ms)" reloaded=""
for _ in $(seq 1 60); do                        # at most about 15 s
  answer="$(review /validate examples/deployment-without-checksum.json || true)"
  if json_true '.response.allowed == true' "$answer"; then reloaded="$(now_ms)"; break; fi
  sleep 0.25
done
check "after the policy ConfigMap turns config-checksum to audit, /validate allows the Deployment${reloaded:+ ($((reloaded - swapped_ms)) ms after the swap)}" \
  test -n "$reloaded"

# -- The checker from the same image -------------------------------------------------------------
check_run() { "$docker" run --rm -i "${hardening[@]}" "$image" check - ; }
jq .request.object examples/deployment-without-checksum.json > "$work/deployment-without-checksum.json"
code=0
out="$(check_run < "$work/deployment-without-checksum.json" 2>&1)" || code=$?
check "docker run -i IMAGE check - exits 1 on the same Deployment, naming config-checksum" \
  bash -c '[[ "$1" == 1 ]] && grep -q "deny   config-checksum" <<<"$2"' _ "$code" "$out"
"$helm" template "$release" charts/admission-guard -n "$namespace" > "$work/chart-defaults.yaml"
code=0
out="$(check_run < "$work/chart-defaults.yaml" 2>&1)" || code=$?
check "docker run -i IMAGE check - exits 0 on the chart's own manifests" \
  bash -c '[[ "$1" == 0 ]] && grep -q " 0 deny" <<<"$2"' _ "$code" "$out"

# -- SIGTERM: unready at once, reviews still answered, exit 0 within the grace period -----------
"$docker" kill --signal TERM "$name" >/dev/null
term_ms="$(now_ms)"
unready=""
for _ in $(seq 1 40); do
  status="$(http_status "$ready_path")"
  if [[ "$status" == 503 ]]; then unready=yes; break; fi
  sleep 0.05
done
check "after SIGTERM $ready_path answers 503" test -n "$unready"
if answer="$(review /validate examples/deployment-without-checksum.json)"; then
  check "after SIGTERM a review is still answered" json_true '.response.uid == $uid' "$answer" --arg uid "$validate_uid"
else
  fail "after SIGTERM a review is still answered"
fi
remaining=$(( grace - ( $(now_ms) - term_ms ) / 1000 ))
(( remaining > 0 )) || remaining=1              # timeout 0 would wait for ever
exit_code="$(timeout "$remaining" "$docker" wait "$name" || echo "still running")"
exited_ms="$(now_ms)"
check "after SIGTERM the server exits 0 within terminationGracePeriodSeconds ($grace s): exit $exit_code after $((exited_ms - term_ms)) ms" \
  test "$exit_code" == 0
"$docker" logs "$name" > "$work/server.log" 2>&1
check "the server logged nothing at Warning or above, from start to exit" \
  bash -c '! jq -rR "fromjson? | select(.LogLevel | IN(\"Warning\", \"Error\", \"Critical\")) | .Message" "$1" | grep .' _ "$work/server.log"
if [[ "$failed" != 0 ]]; then logs_on_failure; fi

# -- What the image is ---------------------------------------------------------------------------
# More starts for the start-to-ready figures: one start says little on a shared machine.
for i in $(seq 2 "${IMAGE_TEST_STARTS:-5}"); do
  start "$name-start-$i"
  [[ -z "$ready_ms" ]] || starts+=("$((ready_ms - started_ms)) $((ready_ms - process_ms))")
  "$docker" rm -f "$name-start-$i" >/dev/null
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
{
  echo "image: $image"
  echo "size: $("$docker" image inspect -f '{{.Size}}' "$image" | awk '{ printf "%.1f MB (%d bytes)", $1 / 1e6, $1 }')"
  echo "start to ready over ${#starts[@]} starts (ms; docker run, and the process's start, to the first 200 from $ready_path):"
  echo "  from docker run: median $(printf '%s\n' "${starts[@]}" | cut -d' ' -f1 | median), each: $(printf '%s\n' "${starts[@]}" | cut -d' ' -f1 | tr '\n' ' ')"
  echo "  from the process's start: median $(printf '%s\n' "${starts[@]}" | cut -d' ' -f2 | median), each: $(printf '%s\n' "${starts[@]}" | cut -d' ' -f2 | tr '\n' ' ')"
  echo "SIGTERM to exit: $((exited_ms - term_ms)) ms"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
  echo "/app ($("$docker" cp "$name:/app" - | tar -tvf - | awk '{ total += $3 } END { printf "%.1f MB", total / 1e6 }'); bytes per file):"
  "$docker" cp "$name:/app" - | tar -tvf - | awk '{ printf "  %10d  %s\n", $3, $6 }' | sort -k2
  # The engine's own mount points and marker file are left out: they are not in the image.
  echo "/ (top level):"
  "$docker" export "$name" | tar -tf - | awk -F/ 'NF <= 2 && $1 !~ /^(|\.dockerenv|dev|proc|sys)$/ { print "  " $1 }' | sort -u | tr '\n' ' '
  echo
} > "$report"
cat "$report"
echo "report: $report"
echo "image-test: $passed passed, $failed failed"
[[ "$failed" == 0 ]]
