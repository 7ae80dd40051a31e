// Offline validation of rendered kustomize output (tests/deploy/k8s_render_test.sh):
//
//   node deploy/k8s/validate/validate.mjs OVERLAY_NAME rendered.yaml [CONFIG_OUT]
//
// rendered.yaml: an overlay and its kafka/ kustomization rendered into one file.
//
// CONFIG_OUT: where to write the stormwatch.yaml of the ConfigMap stormwatch-config, for
// the caller to check with stormwatch's own config parser.
//
// 1. Schema: every object against the Kubernetes OpenAPI schemas (kubernetes-models), the
//    KEDA and Prometheus Operator CRD schemas (@kubernetes-models/keda,
//    @kubernetes-models/prometheus-operator); Strimzi KafkaTopic by a structural check here
//    (no Strimzi models package exists). Unknown fields are errors too: the schemas allow
//    them, so the validator's property reads are traced and any field it never read is
//    reported (maps it enumerates, e.g. labels, are exempt).
// 2. Deployment rules stormwatch relies on: non-root, read-only root filesystem, secrets as
//    files only, operate state on a PVC at runtime.state_dir, grace period to checkpoint,
//    KEDA capped at the partition count, co-partitioned input topics, the compacted operate
//    changelog with a partition per task, Strimzi topics and KafkaUser in the Kafka
//    cluster's namespace with ACLs for every role, no replicas on autoscaled workloads,
//    monitors that match,
//    a PDB and NetworkPolicy for every workload, the five alert rules.
// Prints one line per problem and exits 1 if there is any.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseAllDocuments, parse as parseYaml } from "yaml";

const require = createRequire(import.meta.url);
const [, , overlay = "?", file, configOut] = process.argv;
if (!file) {
  console.error("usage: validate.mjs OVERLAY_NAME rendered.yaml");
  process.exit(2);
}

const problems = [];
const fail = (obj, msg) => problems.push(`${overlay}: ${obj ? `${obj.kind}/${obj.metadata?.name}: ` : ""}${msg}`);

const docs = parseAllDocuments(readFileSync(file, "utf8"))
  .map((d) => {
    if (d.errors.length) fail(null, `YAML: ${d.errors[0].message}`);
    return d.toJSON();
  })
  .filter(Boolean);

// ---- 1. schemas --------------------------------------------------------------------------
function modelModule(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "keda.sh") return `@kubernetes-models/keda/${apiVersion}/${kind}`;
  if (group === "monitoring.coreos.com") return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

function track(value, path, seen) {
  if (value === null || typeof value !== "object") return value;
  const info = { path, accessed: new Set(), enumerated: false, obj: value };
  seen.push(info);
  const copy = Array.isArray(value)
    ? value.map((v, i) => track(v, `${path}/${i}`, seen))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, track(v, `${path}/${k}`, seen)]));
  return new Proxy(copy, {
    get(t, k, r) {
      if (typeof k === "string") info.accessed.add(k);
      return Reflect.get(t, k, r);
    },
    ownKeys(t) {
      info.enumerated = true;
      return Reflect.ownKeys(t);
    },
  });
}

function checkKafkaTopic(obj) {
  if (obj.apiVersion !== "kafka.strimzi.io/v1beta2") fail(obj, "apiVersion must be kafka.strimzi.io/v1beta2");
  if (!obj.metadata?.labels?.["strimzi.io/cluster"]) fail(obj, "needs the strimzi.io/cluster label");
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(obj.metadata?.name ?? "")) fail(obj, "metadata.name must be DNS-1123");
  const spec = obj.spec ?? {};
  const known = new Set(["topicName", "partitions", "replicas", "config"]);
  for (const k of Object.keys(spec)) if (!known.has(k)) fail(obj, `unknown field spec.${k}`);
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(spec.topicName ?? "")) fail(obj, "spec.topicName must be a Kafka topic name");
  for (const k of ["partitions", "replicas"]) {
    if (!Number.isInteger(spec[k]) || spec[k] < 1) fail(obj, `spec.${k} must be an integer >= 1`);
  }
  for (const [k, v] of Object.entries(spec.config ?? {})) {
    if (!["string", "number", "boolean"].includes(typeof v)) fail(obj, `spec.config.${k} must be a scalar`);
  }
}

function checkKafkaUser(obj) {
  if (obj.apiVersion !== "kafka.strimzi.io/v1beta2") fail(obj, "apiVersion must be kafka.strimzi.io/v1beta2");
  if (!obj.metadata?.labels?.["strimzi.io/cluster"]) fail(obj, "needs the strimzi.io/cluster label");
  const spec = obj.spec ?? {};
  for (const k of Object.keys(spec)) if (!["authentication", "authorization"].includes(k)) fail(obj, `unknown field spec.${k}`);
  if (!["tls", "tls-external", "scram-sha-512"].includes(spec.authentication?.type)) fail(obj, "spec.authentication.type must be tls, tls-external or scram-sha-512");
  if (spec.authorization?.type !== "simple") fail(obj, "spec.authorization.type must be simple");
  for (const [i, acl] of (spec.authorization?.acls ?? []).entries()) {
    for (const k of Object.keys(acl)) if (!["resource", "operations", "host", "type"].includes(k)) fail(obj, `unknown field acls/${i}/${k}`);
    const r = acl.resource ?? {};
    if (!["topic", "group", "cluster", "transactionalId"].includes(r.type)) fail(obj, `acls/${i}: resource.type ${r.type}`);
    if (r.type !== "cluster" && (!r.name || !["literal", "prefix"].includes(r.patternType ?? "literal"))) fail(obj, `acls/${i}: resource needs a name and a literal or prefix patternType`);
    const ops = ["Read", "Write", "Create", "Delete", "Alter", "Describe", "ClusterAction", "AlterConfigs", "DescribeConfigs", "IdempotentWrite", "All"];
    if (!Array.isArray(acl.operations) || !acl.operations.length || acl.operations.some((o) => !ops.includes(o))) fail(obj, `acls/${i}: operations must be a list of ${ops.join(", ")}`);
  }
}

// The operations a KafkaUser's ACLs allow on a topic or group name.
function allowed(user, type, name) {
  const ops = new Set();
  for (const acl of user.spec.authorization?.acls ?? []) {
    const r = acl.resource ?? {};
    if (r.type !== type || (acl.type ?? "allow") !== "allow") continue;
    const hit = (r.patternType ?? "literal") === "prefix" ? name.startsWith(r.name) : r.name === name || r.name === "*";
    if (hit) for (const o of acl.operations ?? []) ops.add(o);
  }
  return ops;
}

for (const obj of docs) {
  if (!obj.apiVersion || !obj.kind || !obj.metadata?.name) {
    fail(null, `object without apiVersion/kind/metadata.name: ${JSON.stringify(obj).slice(0, 120)}`);
    continue;
  }
  if (obj.kind === "KafkaTopic") {
    checkKafkaTopic(obj);
    continue;
  }
  if (obj.kind === "KafkaUser") {
    checkKafkaUser(obj);
    continue;
  }
  let Model;
  try {
    Model = require(modelModule(obj.apiVersion, obj.kind))[obj.kind];
  } catch (e) {
    fail(obj, `no schema for ${obj.apiVersion} ${obj.kind}`);
    continue;
  }
  const model = new Model(obj);
  const seen = [];
  for (const k of Object.keys(model)) model[k] = track(model[k], k, seen);
  try {
    model.validate();
  } catch (e) {
    fail(obj, `schema: ${e.message}`);
  }
  for (const s of seen) {
    if (Array.isArray(s.obj) || s.enumerated || s.accessed.size === 0) continue;
    for (const k of Object.keys(s.obj)) if (!s.accessed.has(k)) fail(obj, `unknown field ${s.path}/${k}`);
  }
}

// ---- 2. stormwatch's rules -----------------------------------------------------------------
const of = (kind) => docs.filter((o) => o.kind === kind);
const named = (kind, name) => docs.find((o) => o.kind === kind && o.metadata.name === name);
const matches = (selector, labels) =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v) &&
  (selector?.matchExpressions ?? []).every((e) =>
    e.operator === "In" ? e.values.includes(labels?.[e.key])
      : e.operator === "NotIn" ? !e.values.includes(labels?.[e.key])
        : e.operator === "Exists" ? labels?.[e.key] !== undefined : labels?.[e.key] === undefined);

const workloads = [...of("Deployment"), ...of("StatefulSet")];
for (const w of ["stormwatch-ingest/Deployment", "stormwatch-operate/StatefulSet", "stormwatch-alert/StatefulSet", "stormwatch-poll/StatefulSet"]) {
  const [name, kind] = w.split("/");
  if (!named(kind, name)) fail(null, `missing ${kind} ${name}`);
}

const configMap = of("ConfigMap").find((c) => c.metadata.name.startsWith("stormwatch-config"));
let config = {};
if (!configMap?.data?.["stormwatch.yaml"]) fail(null, "missing ConfigMap stormwatch-config with stormwatch.yaml");
else {
  config = parseYaml(configMap.data["stormwatch.yaml"]) ?? {};
  if (configOut) writeFileSync(configOut, configMap.data["stormwatch.yaml"]);
}
if (!/^0\.0\.0\.0:\d+$/.test(config.http?.listen ?? "")) fail(configMap, "http.listen must be 0.0.0.0:PORT in a pod");
const metricsPort = Number((config.http?.listen ?? ":9464").split(":").pop());
const stateDir = config.runtime?.state_dir ?? "/var/lib/stormwatch";

for (const w of workloads) {
  const pod = w.spec.template.spec;
  const labels = w.spec.template.metadata?.labels;
  if (!matches(w.spec.selector, labels)) fail(w, "selector does not match the pod template labels");
  if (pod.securityContext?.runAsNonRoot !== true) fail(w, "pod securityContext.runAsNonRoot must be true");
  if (!(pod.securityContext?.runAsUser > 0)) fail(w, "pod securityContext.runAsUser must be a non-zero uid");
  if (pod.automountServiceAccountToken !== false) fail(w, "automountServiceAccountToken must be false");
  const secretVolumes = new Set(
    (pod.volumes ?? []).filter((v) => v.secret || v.projected?.sources?.some((s) => s.secret)).map((v) => v.name));
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    const sc = c.securityContext ?? {};
    if (sc.readOnlyRootFilesystem !== true) fail(w, `container ${c.name}: readOnlyRootFilesystem must be true`);
    if (sc.allowPrivilegeEscalation !== false) fail(w, `container ${c.name}: allowPrivilegeEscalation must be false`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) fail(w, `container ${c.name}: must drop ALL capabilities`);
    if (!c.resources?.requests?.memory || !c.resources?.limits?.memory) fail(w, `container ${c.name}: memory request and limit`);
    if (!c.readinessProbe || !c.livenessProbe) fail(w, `container ${c.name}: readiness and liveness probes`);
    if (!(c.ports ?? []).some((p) => p.name === "metrics" && p.containerPort === metricsPort)) {
      fail(w, `container ${c.name}: needs port 'metrics' = ${metricsPort} (http.listen)`);
    }
    for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) fail(w, `env ${e.name} from a Secret: mount secrets as files`);
    for (const e of c.envFrom ?? []) if (e.secretRef) fail(w, "envFrom a Secret: mount secrets as files");
    for (const m of c.volumeMounts ?? []) {
      if (secretVolumes.has(m.name) && m.readOnly !== true) fail(w, `secret volume ${m.name} must be mounted readOnly`);
    }
    if (!(c.volumeMounts ?? []).some((m) => m.mountPath === "/etc/stormwatch/stormwatch.yaml" || m.mountPath === "/etc/stormwatch")) {
      fail(w, `container ${c.name}: the config is not mounted at /etc/stormwatch`);
    }
  }
  if (!secretVolumes.size) fail(w, "mounts no secret files");
  const pdb = of("PodDisruptionBudget").find((p) => matches(p.spec.selector, labels));
  if (!pdb && w.spec.replicas !== 1) fail(w, "no PodDisruptionBudget selects its pods (only a one-replica workload may go without)");
  if (!of("NetworkPolicy").some((n) => matches(n.spec.podSelector, labels))) fail(w, "no NetworkPolicy selects its pods");
  if (w.kind === "StatefulSet") {
    const svc = named("Service", w.spec.serviceName);
    if (!svc || svc.spec.clusterIP !== "None") fail(w, `serviceName ${w.spec.serviceName} must be a headless Service`);
    const claims = (w.spec.volumeClaimTemplates ?? []).map((t) => t.metadata.name);
    const stateMount = pod.containers[0].volumeMounts?.find((m) => m.mountPath === stateDir);
    if (!stateMount || !claims.includes(stateMount.name)) fail(w, `runtime.state_dir ${stateDir} must be on a volumeClaimTemplate`);
  }
}

const operate = named("StatefulSet", "stormwatch-operate");
if (operate) {
  const grace = operate.spec.template.spec.terminationGracePeriodSeconds ?? 30;
  const checkpointS = (config.runtime?.checkpoint_interval_ms ?? 1000) / 1000;
  if (grace < 60 || grace < 10 * checkpointS) fail(operate, `terminationGracePeriodSeconds ${grace} leaves too little time to checkpoint`);
}

// Topics: co-partitioned inputs; KEDA never past the partition count.
const topicByName = Object.fromEntries(of("KafkaTopic").map((t) => [t.spec.topicName, t]));
const topics = config.topics ?? {};
const mentions = topicByName[topics.mentions ?? "mentions.v1"];
const samples = topicByName[topics.queue_samples ?? "queue-samples.v1"];
for (const t of [topics.mentions ?? "mentions.v1", topics.queue_samples ?? "queue-samples.v1", topics.alerts ?? "alerts.v1", topics.dead_letter ?? "dead-letter.v1"]) {
  if (!topicByName[t]) fail(null, `no KafkaTopic for ${t} (config topics)`);
}
if (mentions && samples && mentions.spec.partitions !== samples.spec.partitions) {
  fail(samples, `partitions ${samples.spec.partitions} != ${mentions.spec.partitions} of ${mentions.spec.topicName}: inputs must be co-partitioned`);
}
// The operate changelog: named as operate derives it, compacted, a partition per task, and
// a compaction lag that outlasts the hand-over of a crashed task (docs/runtime.md).
const changelogName = (config.kafka?.group_id ?? "stormwatch-operate") + (config.runtime?.changelog_suffix ?? "-state-changelog");
const changelog = topicByName[changelogName];
if (!changelog) {
  fail(null, `no KafkaTopic for ${changelogName} (kafka.group_id + runtime.changelog_suffix)`);
} else {
  const cfg = changelog.spec.config ?? {};
  if (cfg["cleanup.policy"] !== "compact") fail(changelog, `cleanup.policy must be compact, got ${cfg["cleanup.policy"]}`);
  if (!(Number(cfg["min.compaction.lag.ms"]) >= 3600000)) fail(changelog, `min.compaction.lag.ms must be >= 3600000 (1 h), got ${cfg["min.compaction.lag.ms"]}`);
  if (mentions && changelog.spec.partitions !== mentions.spec.partitions) {
    fail(changelog, `partitions ${changelog.spec.partitions} != ${mentions.spec.partitions} of ${mentions.spec.topicName}: one changelog partition per task`);
  }
}
// The KafkaUser the pods' certificate Secret comes from: every role's topics and groups.
const user = named("KafkaUser", "stormwatch-kafka-user");
if (!user) {
  fail(null, "no KafkaUser stormwatch-kafka-user (the Secret the pods and KEDA read)");
} else {
  const need = [
    [topics.mentions ?? "mentions.v1", ["Describe", "Read", "Write"]],
    [topics.queue_samples ?? "queue-samples.v1", ["Describe", "Read", "Write"]],
    [topics.alerts ?? "alerts.v1", ["Describe", "Read", "Write"]],
    [topics.dead_letter ?? "dead-letter.v1", ["Describe", "Write"]],
    [changelogName, ["Describe", "Read", "Write"]],
  ];
  for (const [t, ops] of need) {
    const have = allowed(user, "topic", t);
    const missing = ops.filter((o) => !have.has(o) && !have.has("All"));
    if (missing.length) fail(user, `ACLs lack ${missing.join(", ")} on topic ${t}`);
  }
  for (const g of [config.kafka?.group_id ?? "stormwatch-operate", config.kafka?.alert_group_id ?? "stormwatch-alert"]) {
    const have = allowed(user, "group", g);
    if (!have.has("Read") && !have.has("All")) fail(user, `ACLs lack Read on group ${g}`);
  }
}
const scaled = of("ScaledObject");
if (scaled.length !== 1) fail(null, `expected one KEDA ScaledObject, got ${scaled.length}`);
for (const so of scaled) {
  if (so.spec.scaleTargetRef?.kind !== "StatefulSet" || so.spec.scaleTargetRef?.name !== "stormwatch-operate") {
    fail(so, "must scale StatefulSet stormwatch-operate");
  }
  for (const trig of so.spec.triggers ?? []) {
    if (trig.type !== "kafka") continue;
    const topic = topicByName[trig.metadata.topic];
    if (!topic) fail(so, `trigger topic ${trig.metadata.topic} has no KafkaTopic`);
    else if (!(so.spec.maxReplicaCount <= topic.spec.partitions)) {
      fail(so, `maxReplicaCount ${so.spec.maxReplicaCount} exceeds the ${topic.spec.partitions} partitions of ${topic.spec.topicName}`);
    }
    const group = config.kafka?.group_id ?? "stormwatch-operate";
    if (trig.metadata.consumerGroup !== group) fail(so, `consumerGroup ${trig.metadata.consumerGroup} != kafka.group_id ${group}`);
    if (trig.metadata.allowIdleConsumers === "true") fail(so, "allowIdleConsumers must not be true");
    if (trig.authenticationRef && !named("TriggerAuthentication", trig.authenticationRef.name)) {
      fail(so, `no TriggerAuthentication ${trig.authenticationRef.name}`);
    }
  }
  if (!(so.spec.minReplicaCount >= 1)) fail(so, "minReplicaCount must be >= 1 (a stateful group never scales to zero)");
}

// A workload that an autoscaler sizes has no replicas of its own: kubectl apply would reset
// the autoscaler's count on every deploy (for operate: tasks moved, state restored).
for (const [kind, name] of [["StatefulSet", "stormwatch-operate"], ["Deployment", "stormwatch-ingest"]]) {
  const w = named(kind, name);
  if (w && w.spec.replicas !== undefined) fail(w, `spec.replicas ${w.spec.replicas} set on an autoscaled workload: leave it to ${kind === "StatefulSet" ? "KEDA" : "the HPA"}`);
}
// Ingest: `stormwatch ingest` needs an ingest: section. The HPA-scaled Deployment runs only
// the webhooks (`--only webhooks`: every replica would otherwise run every poller); one
// StatefulSet replica runs the pollers (`--only pollers`) with a volume at the cursors'
// directory. Every secret file under a volume mounted into the container that reads it.
// Every {secret_file} a role reads is a file in a volume mounted into its container: under
// the mount path and, for a secret or projected volume that lists items, one of them.
function fileMounted(workload, file) {
  const pod = workload.spec.template.spec;
  return pod.containers.flatMap((c) => c.volumeMounts ?? []).some((m) => {
    const dir = m.mountPath.endsWith("/") ? m.mountPath : `${m.mountPath}/`;
    if (m.subPath || !file.startsWith(dir)) return false;
    const rel = file.slice(dir.length);
    const volume = (pod.volumes ?? []).find((v) => v.name === m.name);
    const lists = [volume?.secret, volume?.configMap, ...(volume?.projected?.sources ?? []).map((s) => s.secret ?? s.configMap)]
      .filter(Boolean);
    if (!lists.length || lists.some((l) => !l.items)) return true;
    return lists.some((l) => l.items.some((it) => it.path === rel));
  });
}
function checkSecretFiles(workload, items, path, keys) {
  if (!workload) return;
  for (const [i, item] of (Array.isArray(items) ? items.entries() : Object.entries(items ?? {}))) {
    for (const key of keys) {
      const file = (key ? item?.[key] : item)?.secret_file;
      if (file && !fileMounted(workload, file)) {
        fail(workload, `${path}[${i}]${key ? `.${key}` : ""}.secret_file ${file} is no file of a volume mounted into its container`);
      }
    }
  }
}
checkSecretFiles(named("StatefulSet", "stormwatch-alert"), config.sinks, "sinks", ["routing_key", "url_secret", "secret"]);
checkSecretFiles(named("StatefulSet", "stormwatch-alert"), [config.alerting ?? {}], "alerting", ["api_token"]);
// Kafka's secret properties (sasl.password: {secret_file}) are read by every role.
for (const w of workloads) checkSecretFiles(w, config.kafka?.properties, "kafka.properties", [null]);
const ingestDeployment = named("Deployment", "stormwatch-ingest");
if (ingestDeployment) {
  if (!config.ingest) fail(configMap, "no ingest: section, but the ingest Deployment runs `stormwatch ingest` (it exits 2 without one)");
  checkSecretFiles(ingestDeployment, config.ingest?.sources, "ingest.sources", ["secret", "verify_token"]);
  const args = ingestDeployment.spec.template.spec.containers[0].args ?? [];
  if (args.join(" ").indexOf("--only webhooks") < 0) fail(ingestDeployment, "must run `ingest --only webhooks` (each replica would run every poller)");
}
const poll = named("StatefulSet", "stormwatch-poll");
if (poll) {
  const container = poll.spec.template.spec.containers[0];
  if ((container.args ?? []).join(" ").indexOf("--only pollers") < 0) fail(poll, "must run `ingest --only pollers`");
  if (poll.spec.replicas !== 1) fail(poll, `replicas ${poll.spec.replicas}: the pollers run once (replicas: 1)`);
  const cursorDir = config.ingest?.state_dir ?? `${stateDir}/ingest`;
  const claims = new Set((poll.spec.volumeClaimTemplates ?? []).map((c) => c.metadata.name));
  if (!(container.volumeMounts ?? []).some((m) => claims.has(m.name) && (cursorDir === m.mountPath || cursorDir.startsWith(`${m.mountPath}/`)))) {
    fail(poll, `no volume claim mounted at the pollers' cursor directory ${cursorDir}`);
  }
  checkSecretFiles(poll, config.ingest?.pollers, "ingest.pollers", ["secret"]);
}
const hpa = named("HorizontalPodAutoscaler", "stormwatch-ingest");
if (!hpa || hpa.spec.scaleTargetRef.kind !== "Deployment" || !named("Deployment", hpa.spec.scaleTargetRef.name)) {
  fail(hpa, "the ingest HPA must target the ingest Deployment");
}

// Monitoring: every workload scraped, on a port that exists.
for (const w of workloads) {
  const labels = w.spec.template.metadata.labels;
  const byPod = of("PodMonitor").some((pm) => matches(pm.spec.selector, labels) &&
    pm.spec.podMetricsEndpoints.every((e) => w.spec.template.spec.containers.some((c) => c.ports?.some((p) => p.name === e.port))));
  const byService = of("ServiceMonitor").some((sm) => of("Service").some((s) =>
    matches(sm.spec.selector, s.metadata.labels) && matches({ matchLabels: s.spec.selector }, labels) &&
    sm.spec.endpoints.every((e) => s.spec.ports.some((p) => p.name === e.port))));
  if (!byPod && !byService) fail(w, "no ServiceMonitor or PodMonitor scrapes its metrics port");
}
const rules = of("PrometheusRule").flatMap((r) => r.spec.groups.flatMap((g) => g.rules.map((x) => x.alert)));
for (const a of ["StormwatchConsumerLagHigh", "StormwatchNoData", "StormwatchSinkFailing", "StormwatchDeadLettersRising", "StormwatchRestoreSlow"]) {
  if (!rules.includes(a)) fail(null, `PrometheusRule lacks ${a}`);
}

// Strimzi's operators watch the Kafka cluster's namespace (the one in kafka.brokers,
// <name>.<namespace>.svc); everything else shares the overlay's one namespace.
const strimzi = (o) => o.apiVersion?.startsWith("kafka.strimzi.io/");
const namespaces = new Set(docs.filter((o) => o.kind !== "Namespace" && !strimzi(o)).map((o) => o.metadata.namespace));
if (namespaces.size !== 1 || namespaces.has(undefined)) fail(null, `every object needs the overlay's one namespace, got ${[...namespaces]}`);
const kafkaNamespace = /^[^.:,]+\.([^.:,]+)\.svc/.exec(config.kafka?.brokers ?? "")?.[1];
for (const o of docs.filter(strimzi)) {
  if (!kafkaNamespace) fail(o, `kafka.brokers ${config.kafka?.brokers} names no <service>.<namespace>.svc to place Strimzi objects by`);
  else if (o.metadata.namespace !== kafkaNamespace) fail(o, `namespace ${o.metadata.namespace}: Strimzi's operators watch ${kafkaNamespace}, the Kafka cluster's namespace (kafka.brokers)`);
}

if (problems.length) {
  console.log(problems.join("\n"));
  console.log(`${overlay}: FAILED (${problems.length} problems in ${docs.length} objects)`);
  process.exit(1);
}
const kinds = {};
for (const o of docs) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
console.log(`${overlay}: ${docs.length} objects valid (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ")})`);
