{{/*
Names and labels.
*/}}
{{- define "admission-guard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "admission-guard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "admission-guard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "admission-guard.labels" -}}
helm.sh/chart: {{ include "admission-guard.chart" . }}
{{ include "admission-guard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "admission-guard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "admission-guard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "admission-guard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "admission-guard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "admission-guard.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "admission-guard.policiesConfigMapName" -}}
{{- printf "%s-policies" (include "admission-guard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
TLS: the Secret the server reads, and the cert-manager objects that fill it.
*/}}
{{- define "admission-guard.tlsSecretName" -}}
{{- if and .Values.tls.certManager.enabled (or .Values.tls.existingSecret .Values.tls.caBundle) }}
{{- fail "tls.existingSecret and tls.caBundle are used only with tls.certManager.enabled=false; set that too, or drop them" }}
{{- end }}
{{- if .Values.tls.certManager.enabled }}
{{- printf "%s-tls" (include "admission-guard.fullname" .) }}
{{- else }}
{{- required "tls.existingSecret is required when tls.certManager.enabled is false" .Values.tls.existingSecret }}
{{- end }}
{{- end }}

{{- define "admission-guard.servingCertificateName" -}}
{{- printf "%s-serving" (include "admission-guard.fullname" .) }}
{{- end }}

{{/* The DNS names the API server may use for the Service; the serving certificate lists each. */}}
{{- define "admission-guard.serviceDnsNames" -}}
{{- $svc := include "admission-guard.fullname" . }}
{{- $ns := .Release.Namespace -}}
- {{ $svc }}
- {{ printf "%s.%s" $svc $ns }}
- {{ printf "%s.%s.svc" $svc $ns }}
- {{ printf "%s.%s.svc.cluster.local" $svc $ns }}
{{- end }}

{{/*
The kinds AdmissionGuard reviews, with the resource and scope the webhook rules need.
*/}}
{{- define "admission-guard.kindTable" -}}
apps/v1/Deployment: {group: apps, version: v1, resource: deployments, scope: Namespaced}
apps/v1/StatefulSet: {group: apps, version: v1, resource: statefulsets, scope: Namespaced}
apps/v1/DaemonSet: {group: apps, version: v1, resource: daemonsets, scope: Namespaced}
apps/v1/ReplicaSet: {group: apps, version: v1, resource: replicasets, scope: Namespaced}
batch/v1/Job: {group: batch, version: v1, resource: jobs, scope: Namespaced}
batch/v1/CronJob: {group: batch, version: v1, resource: cronjobs, scope: Namespaced}
v1/Pod: {group: "", version: v1, resource: pods, scope: Namespaced}
v1/ReplicationController: {group: "", version: v1, resource: replicationcontrollers, scope: Namespaced}
v1/Secret: {group: "", version: v1, resource: secrets, scope: Namespaced}
v1/ConfigMap: {group: "", version: v1, resource: configmaps, scope: Namespaced}
v1/PersistentVolumeClaim: {group: "", version: v1, resource: persistentvolumeclaims, scope: Namespaced}
apiextensions.k8s.io/v1/CustomResourceDefinition: {group: apiextensions.k8s.io, version: v1, resource: customresourcedefinitions, scope: Cluster}
helm.toolkit.fluxcd.io/v2/HelmRelease: {group: helm.toolkit.fluxcd.io, version: v2, resource: helmreleases, scope: Namespaced}
argoproj.io/v1alpha1/Application: {group: argoproj.io, version: v1alpha1, resource: applications, scope: Namespaced}
argoproj.io/v1alpha1/ApplicationSet: {group: argoproj.io, version: v1alpha1, resource: applicationsets, scope: Namespaced}
{{- end }}

{{/*
The policies, keyed as in values.policies: id, webhook type, and the kinds the chart registers
for each. The kinds are fixed here (not values) so that the webhook rules and the policy files
can never disagree. make generate writes the table from the policies' descriptors
(src/AdmissionGuard.Core/Policies, docs/adding-a-policy.md); edit those, not the table. Pods and ReplicaSets join no-plaintext-secrets only through
webhook.podsAndReplicaSets.enabled; Flux HelmReleases and Argo CD Applications and
ApplicationSets join it unless its helmValues parameter is false. Only HelmRelease v2 is
registered: with matchPolicy Equivalent the API server converts a request for another served
version (v2beta2) to v2 before it calls the webhook.
*/}}
{{- define "admission-guard.policyTable" -}}
{{- /* generated: policy-table (make generate) */ -}}
configChecksum:
  id: config-checksum
  type: validating
  kinds: [apps/v1/Deployment, apps/v1/StatefulSet, apps/v1/DaemonSet]
keepStateful:
  id: keep-stateful
  type: mutating
  kinds: [v1/PersistentVolumeClaim, apiextensions.k8s.io/v1/CustomResourceDefinition]
hookDeadline:
  id: hook-deadline
  type: validating
  kinds: [batch/v1/Job]
noPlaintextSecrets:
  id: no-plaintext-secrets
  type: validating
  kinds: [v1/Secret, v1/ConfigMap, v1/ReplicationController, apps/v1/Deployment, apps/v1/StatefulSet, apps/v1/DaemonSet, batch/v1/Job, batch/v1/CronJob]
  optionalKinds: [v1/Pod, apps/v1/ReplicaSet]
  helmValuesKinds: [helm.toolkit.fluxcd.io/v2/HelmRelease, argoproj.io/v1alpha1/Application, argoproj.io/v1alpha1/ApplicationSet]
{{- /* end generated: policy-table */}}
{{- end }}

{{/* A policy's action; YAML reads a bare `off` as false, which means off too. */}}
{{- define "admission-guard.action" -}}
{{- $action := .action }}
{{- if kindIs "bool" $action }}
{{- if $action }}{{ fail "policies.*.action: true is not an action; use enforce, warn, audit or off" }}{{ end }}
{{- $action = "off" }}
{{- end }}
{{- $action }}
{{- end }}

{{/*
The kinds of one policy as registered: its fixed kinds, plus Pods and ReplicaSets when asked, plus
the Helm-values kinds unless helmValues is false.
Input: dict "policy" (a policyTable entry) "root" (the top context). Output: a YAML list.
*/}}
{{- define "admission-guard.policyKinds" -}}
{{- $kinds := .policy.kinds }}
{{- if and .policy.optionalKinds .root.Values.webhook.podsAndReplicaSets.enabled }}
{{- $kinds = concat $kinds .policy.optionalKinds }}
{{- end }}
{{- if .policy.helmValuesKinds }}
{{- $helmValues := .root.Values.policies.noPlaintextSecrets.parameters.helmValues }}
{{- if or (kindIs "invalid" $helmValues) $helmValues }}
{{- $kinds = concat $kinds .policy.helmValuesKinds }}
{{- end }}
{{- end }}
{{- toYaml $kinds }}
{{- end }}

{{/*
The enabled policies (action other than off) of one webhook type, as a YAML map from values key
to table entry with its registered kinds. Input: dict "type" "root".
*/}}
{{- define "admission-guard.enabledPolicies" -}}
{{- $root := .root }}
{{- $out := dict }}
{{- range $key, $policy := (include "admission-guard.policyTable" $root | fromYaml) }}
{{- $values := get $root.Values.policies $key }}
{{- if and (eq $policy.type $.type) (ne (include "admission-guard.action" $values) "off") }}
{{- $kinds := include "admission-guard.policyKinds" (dict "policy" $policy "root" $root) | fromYamlArray }}
{{- $_ := set $out $key (dict "id" $policy.id "kinds" $kinds) }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/*
Every kind the enabled policies of one type register, each once, in a stable order.
Input: dict "type" "root". Output: a YAML list.
*/}}
{{- define "admission-guard.enabledKinds" -}}
{{- $wanted := list }}
{{- range $key, $policy := (include "admission-guard.enabledPolicies" . | fromYaml) }}
{{- $wanted = concat $wanted $policy.kinds }}
{{- end }}
{{- $ordered := list }}
{{- range $kind, $_ := (include "admission-guard.kindTable" .root | fromYaml) }}
{{- if has $kind $wanted }}
{{- $ordered = append $ordered $kind }}
{{- end }}
{{- end }}
{{- toYaml $ordered }}
{{- end }}

{{/*
Webhook rules for a list of kinds: one rule per API group, version and scope, CREATE and UPDATE
only (DELETE and CONNECT are never reviewed). Input: dict "kinds" "root".
*/}}
{{- define "admission-guard.rules" -}}
{{- $table := include "admission-guard.kindTable" .root | fromYaml }}
{{- $groups := dict }}
{{- $order := list }}
{{- range .kinds }}
{{- $k := get $table . }}
{{- $key := printf "%s|%s|%s" $k.group $k.version $k.scope }}
{{- if not (hasKey $groups $key) }}
{{- $order = append $order $key }}
{{- $_ := set $groups $key (list) }}
{{- end }}
{{- $_ := set $groups $key (append (get $groups $key) $k.resource) }}
{{- end }}
{{- range $i, $key := $order }}
{{- $parts := splitList "|" $key }}
{{- if $i }}{{ "\n" }}{{ end -}}
- apiGroups: [{{ index $parts 0 | quote }}]
  apiVersions: [{{ index $parts 1 | quote }}]
  resources: {{ get $groups $key | toJson }}
  operations: ["CREATE", "UPDATE"]
  scope: {{ index $parts 2 | quote }}
{{- end }}
{{- end }}

{{/*
The namespaceSelector every webhook shares: system namespaces, the release namespace (so this
chart's own upgrades never wait on the webhook it runs), webhook.excludeNamespaces, and any
namespace labelled admission-guard.io/ignore: "true". NotIn also matches namespaces without the
label. Cluster-scoped objects (CRDs) are not subject to it.
*/}}
{{- define "admission-guard.namespaceSelector" -}}
{{- $skip := list "kube-system" "kube-public" "kube-node-lease" .Release.Namespace }}
{{- $skip = concat $skip .Values.webhook.excludeNamespaces | uniq -}}
matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: NotIn
    values: {{ toJson $skip }}
  - key: admission-guard.io/ignore
    operator: NotIn
    values: ["true"]
{{- end }}

{{/* matchConditions exist from Kubernetes 1.30 (GA); older clusters get none. */}}
{{- define "admission-guard.matchConditionsSupported" -}}
{{- if semverCompare ">=1.30-0" .Capabilities.KubeVersion.Version }}true{{ end }}
{{- end }}

{{/*
Fields every webhook entry shares. Input: dict "root" "path" "failurePolicy".
*/}}
{{- define "admission-guard.webhookCommon" -}}
admissionReviewVersions: ["v1"]
sideEffects: None
timeoutSeconds: {{ .root.Values.webhook.timeoutSeconds }}
failurePolicy: {{ .failurePolicy }}
matchPolicy: Equivalent
clientConfig:
  {{- if .root.Values.webhook.url }}
  {{- if .root.Values.tls.certManager.enabled }}
  {{- fail "webhook.url (a webhook outside the cluster) needs tls.certManager.enabled=false and tls.caBundle, the PEM of the CA that signed its serving certificate" }}
  {{- end }}
  url: {{ printf "%s%s" (trimSuffix "/" .root.Values.webhook.url) .path | quote }}
  caBundle: {{ required "tls.caBundle (the PEM of the CA that signed the serving certificate of webhook.url) is required with webhook.url" .root.Values.tls.caBundle | b64enc }}
  {{- else }}
  service:
    name: {{ include "admission-guard.fullname" .root }}
    namespace: {{ .root.Release.Namespace }}
    path: {{ .path }}
    port: {{ .root.Values.service.port }}
  {{- if not .root.Values.tls.certManager.enabled }}
  caBundle: {{ required "tls.caBundle (the PEM of the CA that signed tls.existingSecret) is required when tls.certManager.enabled is false" .root.Values.tls.caBundle | b64enc }}
  {{- end }}
  {{- end }}
namespaceSelector:
  {{- include "admission-guard.namespaceSelector" .root | nindent 2 }}
{{- end }}

{{/*
The match conditions every entry carries (1.30+): an object whose deletion is under way is only
being finalised (its finalizers removed), and the control plane's controllers only maintain
objects; reviewing either could only block the cluster's own housekeeping.
*/}}
{{- define "admission-guard.commonMatchConditions" -}}
- name: not-being-deleted
  expression: "!has(object.metadata.deletionTimestamp)"
{{- if .Values.webhook.skipControlPlaneRequests }}
- name: not-from-the-control-plane
  expression: "!(request.userInfo.username == 'system:kube-controller-manager' || request.userInfo.username.startsWith('system:serviceaccount:kube-system:'))"
{{- end }}
{{- end }}

{{- define "admission-guard.annotations" -}}
{{- if .Values.tls.certManager.enabled -}}
cert-manager.io/inject-ca-from: {{ printf "%s/%s" .Release.Namespace (include "admission-guard.servingCertificateName" .) }}
{{- end }}
{{- end }}
