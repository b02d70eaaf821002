// config-checksum as one Pepr rule: a Deployment, StatefulSet or DaemonSet whose pod template
// reads a ConfigMap (volume, projected volume, env valueFrom, envFrom; kube-root-ca.crt aside)
// carries a checksum/... pod-template annotation whose value is a 32-128 digit hex digest, or a
// Stakater Reloader or Wave annotation that rolls the pods on a config change. As AdmissionGuard's
// built-in policy with its default parameters, in the namespaces it does not exclude.
const { Capability, a } = require("pepr");

const ConfigChecksum = new Capability({
  name: "config-checksum",
  description: "Workloads that read a ConfigMap carry a checksum annotation",
  namespaces: [],
});

const { When } = ConfigChecksum;
const excludedNamespaces = new Set(["kube-system", "kube-public", "kube-node-lease"]);
const hexDigest = /^[0-9a-fA-F]{32,128}$/;

function configMapsRead(spec) {
  const names = new Set();
  for (const volume of spec?.volumes ?? []) {
    if (volume?.configMap?.name) names.add(volume.configMap.name);
    for (const source of volume?.projected?.sources ?? []) {
      if (source?.configMap?.name) names.add(source.configMap.name);
    }
  }
  for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])]) {
    for (const env of container?.env ?? []) {
      if (env?.valueFrom?.configMapKeyRef?.name) names.add(env.valueFrom.configMapKeyRef.name);
    }
    for (const from of container?.envFrom ?? []) {
      if (from?.configMapRef?.name) names.add(from.configMapRef.name);
    }
  }
  names.delete("kube-root-ca.crt");
  return [...names];
}

function reloaderCovers(annotations, names) {
  if (annotations["reloader.stakater.com/auto"] === "true" || annotations["configmap.reloader.stakater.com/auto"] === "true") return true;
  if (annotations["wave.pusher.com/update-on-config-change"] === "true") return true;
  const listed = new Set((annotations["configmap.reloader.stakater.com/reload"] ?? "").split(",").map(s => s.trim()).filter(Boolean));
  return names.every(name => listed.has(name));
}

function validate(req) {
  const workload = req.Raw;
  if (excludedNamespaces.has(req.Request.namespace ?? workload.metadata?.namespace)) return req.Approve();
  const template = workload.spec?.template;
  const names = configMapsRead(template?.spec);
  if (names.length === 0) return req.Approve();
  const templateAnnotations = template?.metadata?.annotations ?? {};
  const checksum = Object.entries(templateAnnotations).some(([key, value]) => key.startsWith("checksum/") && hexDigest.test(value ?? ""));
  if (checksum) return req.Approve();
  if (reloaderCovers({ ...(workload.metadata?.annotations ?? {}), ...templateAnnotations }, names)) return req.Approve();
  return req.Deny(`config-checksum: the pod template reads ConfigMap(s) ${names.join(", ")} but has no checksum/... annotation with a hex digest`, 403);
}

When(a.Deployment).IsCreatedOrUpdated().Validate(validate);
When(a.StatefulSet).IsCreatedOrUpdated().Validate(validate);
When(a.DaemonSet).IsCreatedOrUpdated().Validate(validate);

module.exports = { ConfigChecksum };
