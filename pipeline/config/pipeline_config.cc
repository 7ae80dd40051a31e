// YAML -> PipelineConfig with validation; see pipeline_config.h.
#include "pipeline/config/pipeline_config.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "pipeline/config/secret.h"
#include "pipeline/core/strings.h"
#include "absl/strings/str_join.h"
#include "yaml-cpp/yaml.h"

namespace stormwatch {
namespace {

// Collects the first error with its field path; readers return false once it is set.
class Reader {
 public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}

  bool ok() const { return error_.empty(); }
  absl::Status status() const {
    return ok() ? absl::OkStatus() : absl::InvalidArgumentError(error_);
  }

  void Fail(const std::string& field, const std::string& expected, const YAML::Node& got) {
    if (!ok()) return;
    error_ = StrCat(origin_, ": ", field, ": expected ", expected, ", got '",
                          got ? YAML::Dump(got) : std::string("<missing>"), "'");
  }

  void String(const YAML::Node& node, const char* key, const std::string& path, std::string* out,
              bool allow_empty = true) {
    if (!node[key]) return;
    const YAML::Node& value = node[key];
    if (!value.IsScalar() || (!allow_empty && value.as<std::string>().empty())) {
      Fail(path, allow_empty ? "a string" : "a non-empty string", value);
      return;
    }
    *out = value.as<std::string>();
  }

  void Bool(const YAML::Node& node, const char* key, const std::string& path, bool* out) {
    if (!node[key]) return;
    try {
      *out = node[key].as<bool>();
    } catch (const YAML::Exception&) {
      Fail(path, "true or false", node[key]);
    }
  }

  void Int(const YAML::Node& node, const char* key, const std::string& path, int64_t min,
           int64_t max, int64_t scale, int64_t* out) {
    if (!node[key]) return;
    try {
      const int64_t value = node[key].as<int64_t>();
      if (value >= min && value <= max) {
        *out = value * scale;
        return;
      }
    } catch (const YAML::Exception&) {
    }
    Fail(path, StrCat("an integer in [", min, ", ", max, "]"), node[key]);
  }

  void Map(const YAML::Node& node, const char* section) {
    if (node && !node.IsMap()) Fail(section, "a mapping", node);
  }

 private:
  std::string origin_;
  std::string error_;
};

void ReadSecret(const YAML::Node& node, const char* key, const std::string& path, Reader& r,
                SecretRef* out);

void ReadKafka(const YAML::Node& node, Reader& r, KafkaConfig& kafka) {
  r.Map(node, "kafka");
  if (!node || !r.ok()) return;
  r.String(node, "brokers", "kafka.brokers", &kafka.brokers);
  r.Bool(node, "embedded", "kafka.embedded", &kafka.embedded);
  int64_t partitions = kafka.embedded_partitions;
  r.Int(node, "embedded_partitions", "kafka.embedded_partitions", 1, 256, 1, &partitions);
  kafka.embedded_partitions = static_cast<int>(partitions);
  r.String(node, "group_id", "kafka.group_id", &kafka.group_id, false);
  r.String(node, "alert_group_id", "kafka.alert_group_id", &kafka.alert_group_id, false);
  if (const YAML::Node& props = node["properties"]) {
    if (!props.IsMap()) {
      r.Fail("kafka.properties", "a mapping of librdkafka properties", props);
      return;
    }
    for (const auto& entry : props) {
      const std::string key = entry.first.as<std::string>();
      if (entry.second.IsScalar()) {
        kafka.properties[key] = entry.second.as<std::string>();
      } else if (entry.second.IsMap()) {
        ReadSecret(props, key.c_str(), "kafka.properties." + key, r, &kafka.secret_properties[key]);
      } else {
        return r.Fail("kafka.properties." + key,
                      "a value, or {secret_file: PATH} / {secret_env: NAME} for a secret",
                      YAML::Node("<hidden>"));
      }
    }
  }
}

void ReadTopics(const YAML::Node& node, Reader& r, TopicsConfig& topics) {
  r.Map(node, "topics");
  if (!node || !r.ok()) return;
  r.String(node, "mentions", "topics.mentions", &topics.mentions, false);
  r.String(node, "queue_samples", "topics.queue_samples", &topics.queue_samples, false);
  r.String(node, "alerts", "topics.alerts", &topics.alerts, false);
  r.String(node, "dead_letter", "topics.dead_letter", &topics.dead_letter, false);
}

void ReadRuntime(const YAML::Node& node, Reader& r, RuntimeConfig& runtime) {
  r.Map(node, "runtime");
  if (!node || !r.ok()) return;
  r.Int(node, "allowed_lateness_seconds", "runtime.allowed_lateness_seconds", 0, 86400, 1000,
        &runtime.allowed_lateness_ms);
  r.Int(node, "idle_advance_after_ms", "runtime.idle_advance_after_ms", 10, 3'600'000, 1,
        &runtime.idle_advance_after_ms);
  r.Int(node, "max_task_idle_ms", "runtime.max_task_idle_ms", 0, 600'000, 1,
        &runtime.max_task_idle_ms);
  r.String(node, "state_dir", "runtime.state_dir", &runtime.state_dir, false);
  r.Int(node, "checkpoint_interval_ms", "runtime.checkpoint_interval_ms", 10, 600'000, 1,
        &runtime.checkpoint_interval_ms);
  r.Int(node, "checkpoint_records", "runtime.checkpoint_records", 1, 100'000'000, 1,
        &runtime.checkpoint_records);
  r.Int(node, "block_cache_mb", "runtime.block_cache_mb", 1, 1'000'000, 1 << 20,
        &runtime.block_cache_bytes);
  r.Int(node, "write_buffer_mb", "runtime.write_buffer_mb", 1, 1'000'000, 1 << 20,
        &runtime.write_buffer_bytes);
  r.Int(node, "write_back_mb", "runtime.write_back_mb", 1, 1'000'000, 1 << 20,
        &runtime.write_back_bytes);
  r.String(node, "changelog_suffix", "runtime.changelog_suffix", &runtime.changelog_suffix,
           false);
  r.Int(node, "max_future_seconds", "runtime.max_future_seconds", 0, 365 * 86400, 1000,
        &runtime.max_future_ms);
  r.Int(node, "max_producer_queue", "runtime.max_producer_queue", 100, 10'000'000, 1,
        &runtime.max_producer_queue);
  r.Int(node, "shutdown_grace_seconds", "runtime.shutdown_grace_seconds", 1, 3600, 1000,
        &runtime.shutdown_grace_ms);
  if (node["dump_state_path"]) {
    r.String(node, "dump_state_path", "runtime.dump_state_path", &runtime.dump_state_path);
  }
}

void ReadOperators(const YAML::Node& node, Reader& r, std::vector<OperatorSpec>& operators) {
  if (!node) return;
  if (!node.IsSequence()) {
    r.Fail("operators", "a list of {name, config}", node);
    return;
  }
  operators.clear();
  for (size_t i = 0; i < node.size() && r.ok(); ++i) {
    const std::string path = StrCat("operators[", i, "]");
    OperatorSpec spec;
    if (node[i].IsScalar()) {
      spec.name = node[i].as<std::string>();
    } else if (node[i].IsMap()) {
      r.String(node[i], "name", path + ".name", &spec.name, false);
      // A missing key yields an invalid node that throws on use: keep a null node instead.
      if (node[i]["config"]) spec.config = node[i]["config"];
    }
    if (spec.name.empty()) r.Fail(path + ".name", "an operator name", node[i]);
    operators.push_back(std::move(spec));
  }
}

void ReadSecret(const YAML::Node& node, const char* key, const std::string& path, Reader& r,
                SecretRef* out) {
  const YAML::Node& value = node[key];
  if (!value) return;
  if (!value.IsMap() || (!value["secret_file"] && !value["secret_env"])) {
    r.Fail(path, "{secret_file: PATH} or {secret_env: NAME} (never the secret itself)",
           YAML::Node("<hidden>"));
    return;
  }
  r.String(value, "secret_file", path + ".secret_file", &out->file);
  r.String(value, "secret_env", path + ".secret_env", &out->env);
}

void ReadStringList(const YAML::Node& node, const char* key, const std::string& path, Reader& r,
                    std::vector<std::string>* out) {
  const YAML::Node& value = node[key];
  if (!value) return;
  if (!value.IsSequence()) {
    r.Fail(path, "a list of names", value);
    return;
  }
  out->clear();
  for (const auto& item : value) {
    if (!item.IsScalar()) {
      r.Fail(path, "a list of names", value);
      return;
    }
    out->push_back(item.as<std::string>());
  }
}

bool IsHttpUrl(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

void ReadSinks(const YAML::Node& node, Reader& r, std::vector<SinkConfig>& sinks) {
  if (!node) return;
  if (!node.IsSequence()) {
    r.Fail("sinks", "a list of sinks", node);
    return;
  }
  static const char* const kTypes[] = {"console", "jsonl",     "webhook", "alertmanager",
                                       "pagerduty", "slack", "teams",   "kafka"};
  sinks.clear();
  for (size_t i = 0; i < node.size() && r.ok(); ++i) {
    const std::string path = StrCat("sinks[", i, "]");
    const YAML::Node& n = node[i];
    SinkConfig sink;
    r.String(n, "type", path + ".type", &sink.type, false);
    sink.name = sink.type;
    r.String(n, "name", path + ".name", &sink.name, false);
    r.String(n, "path", path + ".path", &sink.path);
    r.String(n, "url", path + ".url", &sink.url);
    r.String(n, "topic", path + ".topic", &sink.topic);
    r.String(n, "generator_url", path + ".generator_url", &sink.generator_url);
    r.Int(n, "timeout_ms", path + ".timeout_ms", 1, 600'000, 1, &sink.timeout_ms);
    ReadSecret(n, "secret", path + ".secret", r, &sink.secret);
    ReadSecret(n, "routing_key", path + ".routing_key", r, &sink.routing_key);
    ReadSecret(n, "url_secret", path + ".url_secret", r, &sink.url_secret);
    r.Int(n, "retry_initial_ms", path + ".retry_initial_ms", 1, 3'600'000, 1,
          &sink.retry_initial_ms);
    r.Int(n, "retry_max_ms", path + ".retry_max_ms", 1, 86'400'000, 1, &sink.retry_max_ms);
    r.Int(n, "max_age_seconds", path + ".max_age_seconds", 1, 30 * 86'400, 1000,
          &sink.max_age_ms);
    if (sink.type == "alertmanager") sink.resend_interval_ms = 60'000;
    r.Int(n, "resend_interval_seconds", path + ".resend_interval_seconds", 0, 86'400, 1000,
          &sink.resend_interval_ms);
    if (n["rate_per_second"]) {
      try {
        sink.rate_per_second = n["rate_per_second"].as<double>();
      } catch (const YAML::Exception&) {
        sink.rate_per_second = -1;
      }
      if (!(sink.rate_per_second > 0 && sink.rate_per_second <= 100'000)) {
        r.Fail(path + ".rate_per_second", "a number in (0, 100000]", n["rate_per_second"]);
      }
    }
    if (!r.ok()) return;
    const bool needs_url = sink.type == "webhook" || sink.type == "alertmanager" ||
                           sink.type == "pagerduty" ||
                           ((sink.type == "slack" || sink.type == "teams") &&
                            sink.url_secret.empty());
    if (std::find(std::begin(kTypes), std::end(kTypes), sink.type) == std::end(kTypes)) {
      r.Fail(path + ".type", StrCat("one of ", absl::StrJoin(kTypes, ", ")), n["type"]);
    } else if (sink.type == "jsonl" && sink.path.empty()) {
      r.Fail(path + ".path", "a file path for the jsonl sink", n["path"]);
    } else if (sink.type == "pagerduty" && sink.url.empty()) {
      sink.url = "https://events.pagerduty.com";
    } else if (needs_url && !IsHttpUrl(sink.url)) {
      r.Fail(path + ".url", "an http:// or https:// URL", n["url"]);
    } else if (sink.type == "pagerduty" && sink.routing_key.empty()) {
      r.Fail(path + ".routing_key", "{secret_file: ...} or {secret_env: ...}", n["routing_key"]);
    } else if (sink.type == "kafka" && sink.topic.empty()) {
      r.Fail(path + ".topic", "a topic name for the kafka sink", n["topic"]);
    }
    for (const SinkConfig& other : sinks) {
      if (other.name == sink.name) {
        r.Fail(path + ".name", "a name no other sink has (set name: when a type repeats)",
               n["name"] ? n["name"] : n["type"]);
      }
    }
    sinks.push_back(std::move(sink));
  }
}

// "HH:MM" -> minutes since midnight, or -1.
int ParseClock(const std::string& text) {
  int h = 0, m = 0;
  if (text.size() != 5 || text[2] != ':' || std::sscanf(text.c_str(), "%d:%d", &h, &m) != 2 ||
      h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) {
    return -1;
  }
  return h * 60 + m;
}

void ReadAlertRoute(const YAML::Node& n, const std::string& path, Reader& r,
                    AlertRouteConfig& route) {
  r.Map(n, path.c_str());
  if (!r.ok()) return;
  r.String(n, "brand", path + ".brand", &route.brand, false);
  r.String(n, "time_zone", path + ".time_zone", &route.time_zone, false);
  if (const YAML::Node& hours = n["office_hours"]) {
    const std::string hp = path + ".office_hours";
    r.Map(hours, hp.c_str());
    if (!r.ok()) return;
    if (const YAML::Node& days = hours["days"]) {
      route.office_days.clear();
      if (!days.IsSequence()) r.Fail(hp + ".days", "a list of ISO weekdays 1..7", days);
      for (size_t d = 0; r.ok() && d < days.size(); ++d) {
        int64_t day = 0;
        YAML::Node holder;
        holder["d"] = days[d];
        r.Int(holder, "d", hp + ".days", 1, 7, 1, &day);
        route.office_days.push_back(static_cast<int>(day));
      }
    }
    for (const char* key : {"start", "end"}) {
      if (!hours[key]) continue;
      const int minute = hours[key].IsScalar() ? ParseClock(hours[key].as<std::string>()) : -1;
      if (minute < 0) {
        r.Fail(StrCat(hp, ".", key), "a local time HH:MM", hours[key]);
        return;
      }
      (std::string(key) == "start" ? route.office_start_minute : route.office_end_minute) =
          minute;
    }
    ReadStringList(hours, "holidays", hp + ".holidays", r, &route.holidays);
  }
  ReadStringList(n, "office_hours_sinks", path + ".office_hours_sinks", r,
                 &route.office_hours_sinks);
  ReadStringList(n, "after_hours_sinks", path + ".after_hours_sinks", r,
                 &route.after_hours_sinks);
  ReadStringList(n, "critical_sinks", path + ".critical_sinks", r, &route.critical_sinks);
  if (const YAML::Node& tiers = n["escalation_tiers"]) {
    if (!tiers.IsSequence()) r.Fail(path + ".escalation_tiers", "a list of sink-name lists", tiers);
    for (size_t t = 0; r.ok() && t < tiers.size(); ++t) {
      YAML::Node holder;
      holder["t"] = tiers[t];
      std::vector<std::string> names;
      ReadStringList(holder, "t", StrCat(path, ".escalation_tiers[", t, "]"), r, &names);
      route.escalation_tiers.push_back(std::move(names));
    }
  }
  r.Int(n, "escalate_after_minutes", path + ".escalate_after_minutes", 1, 10'080, 60'000,
        &route.escalate_after_ms);
  if (const YAML::Node& windows = n["maintenance"]) {
    if (!windows.IsSequence()) r.Fail(path + ".maintenance", "a list of {start, end}", windows);
    for (size_t w = 0; r.ok() && w < windows.size(); ++w) {
      const std::string wp = StrCat(path, ".maintenance[", w, "]");
      std::string start, end;
      r.String(windows[w], "start", wp + ".start", &start, false);
      r.String(windows[w], "end", wp + ".end", &end, false);
      if (!r.ok()) return;
      route.maintenance.emplace_back(start, end);
    }
  }
}

void ReadAlerting(const YAML::Node& node, Reader& r, AlertingConfig& alerting,
                  const std::vector<SinkConfig>& sinks) {
  r.Map(node, "alerting");
  if (!node || !r.ok()) return;
  r.String(node, "outbox_dir", "alerting.outbox_dir", &alerting.outbox_dir, false);
  ReadSecret(node, "api_token", "alerting.api_token", r, &alerting.api_token);
  r.Int(node, "cooldown_seconds", "alerting.cooldown_seconds", 0, 86'400, 1000,
        &alerting.cooldown_ms);
  r.Int(node, "renotify_minutes", "alerting.renotify_minutes", 0, 10'080, 60'000,
        &alerting.renotify_ms);
  r.Int(node, "tick_ms", "alerting.tick_ms", 10, 60'000, 1, &alerting.tick_ms);
  r.Int(node, "max_pending_in_memory", "alerting.max_pending_in_memory", 1, 1'000'000, 1,
        &alerting.max_pending_in_memory);
  if (const YAML::Node& routes = node["routes"]) {
    if (!routes.IsSequence()) r.Fail("alerting.routes", "a list of routes", routes);
    for (size_t i = 0; r.ok() && i < routes.size(); ++i) {
      AlertRouteConfig route;
      const std::string path = StrCat("alerting.routes[", i, "]");
      ReadAlertRoute(routes[i], path, r, route);
      auto known = [&](const std::string& name) {
        return std::any_of(sinks.begin(), sinks.end(),
                           [&](const SinkConfig& s) { return s.name == name; });
      };
      std::vector<std::string> all = route.office_hours_sinks;
      all.insert(all.end(), route.after_hours_sinks.begin(), route.after_hours_sinks.end());
      all.insert(all.end(), route.critical_sinks.begin(), route.critical_sinks.end());
      for (const auto& tier : route.escalation_tiers) all.insert(all.end(), tier.begin(), tier.end());
      for (const std::string& name : all) {
        if (r.ok() && !known(name)) {
          r.Fail(path, StrCat("sink names from sinks[].name, not '", name, "'"), routes[i]);
        }
      }
      alerting.routes.push_back(std::move(route));
    }
  }
}

// --- ingest: section (owned by the ingest workers; see docs/ingest.md) ---
void ReadStringMap(const YAML::Node& node, const char* key, const std::string& path, Reader& r,
                   std::map<std::string, std::string>* out) {
  const YAML::Node& map = node[key];
  if (!map) return;
  if (!map.IsMap()) {
    r.Fail(path, "a mapping of strings", map);
    return;
  }
  for (const auto& entry : map) {
    if (!entry.second.IsScalar()) {
      r.Fail(StrCat(path, ".", entry.first.as<std::string>()), "a string", entry.second);
      return;
    }
    (*out)[entry.first.as<std::string>()] = entry.second.as<std::string>();
  }
}

void ReadIngestSources(const YAML::Node& sources, Reader& r, IngestConfig& ingest) {
  if (!sources.IsSequence()) return r.Fail("ingest.sources", "a list of sources", sources);
  for (size_t i = 0; i < sources.size() && r.ok(); ++i) {
    const std::string path = StrCat("ingest.sources[", i, "]");
    const YAML::Node& s = sources[i];
    IngestSourceConfig source;
    r.String(s, "type", path + ".type", &source.type, false);
    source.name = source.type;
    r.String(s, "name", path + ".name", &source.name, false);
    r.String(s, "brand", path + ".brand", &source.brand);
    ReadStringMap(s, "brands", path + ".brands", r, &source.brands);
    ReadSecret(s, "secret", path + ".secret", r, &source.secret);
    ReadSecret(s, "verify_token", path + ".verify_token", r, &source.verify_token);
    r.Int(s, "rate_limit_per_second", path + ".rate_limit_per_second", 0, 10'000'000, 1,
          &source.rate_limit_per_second);
    r.Int(s, "burst", path + ".burst", 0, 100'000'000, 1, &source.burst);
    if (!r.ok()) return;
    if (source.type != "meta" && source.type != "trustpilot" && source.type != "push") {
      return r.Fail(path + ".type", "one of meta, trustpilot, push", s["type"]);
    }
    if (source.secret.empty()) {
      return r.Fail(path + ".secret", "{secret_file: PATH} or {secret_env: NAME}", s["secret"]);
    }
    if (source.type == "meta" && source.verify_token.empty()) {
      return r.Fail(path + ".verify_token", "{secret_file: PATH} or {secret_env: NAME}",
                    s["verify_token"]);
    }
    ingest.sources.push_back(std::move(source));
  }
}

void ReadIngestPollers(const YAML::Node& pollers, Reader& r, IngestConfig& ingest) {
  if (!pollers.IsSequence()) return r.Fail("ingest.pollers", "a list of pollers", pollers);
  static const char* const kPollerTypes[] = {"x_search", "x_stream", "rss",    "reddit",
                                             "genesys",  "amazon_connect", "twilio", "zendesk"};
  for (size_t i = 0; i < pollers.size() && r.ok(); ++i) {
    const std::string path = StrCat("ingest.pollers[", i, "]");
    const YAML::Node& p = pollers[i];
    IngestPollerConfig poller;
    r.String(p, "type", path + ".type", &poller.type, false);
    poller.name = poller.type;
    r.String(p, "name", path + ".name", &poller.name, false);
    r.String(p, "base_url", path + ".base_url", &poller.base_url);
    r.String(p, "brand", path + ".brand", &poller.brand);
    r.Int(p, "interval_ms", path + ".interval_ms", 10, 86'400'000, 1, &poller.interval_ms);
    ReadSecret(p, "secret", path + ".secret", r, &poller.secret);
    ReadStringMap(p, "params", path + ".params", r, &poller.params);
    if (!r.ok()) return;
    if (std::find(std::begin(kPollerTypes), std::end(kPollerTypes), poller.type) ==
        std::end(kPollerTypes)) {
      return r.Fail(path + ".type", StrCat("one of ", absl::StrJoin(kPollerTypes, ", ")),
                    p["type"]);
    }
    ingest.pollers.push_back(std::move(poller));
  }
}

void ReadIngest(const YAML::Node& node, Reader& r, IngestConfig& ingest) {
  r.Map(node, "ingest");
  if (!node || !r.ok()) return;
  ingest.enabled = true;
  r.String(node, "listen", "ingest.listen", &ingest.listen, false);
  r.Int(node, "body_limit_bytes", "ingest.body_limit_bytes", 1024, 256 << 20, 1,
        &ingest.body_limit_bytes);
  r.Int(node, "delivery_timeout_ms", "ingest.delivery_timeout_ms", 100, 600'000, 1,
        &ingest.delivery_timeout_ms);
  r.Int(node, "max_batch", "ingest.max_batch", 1, 100'000, 1, &ingest.max_batch);
  r.String(node, "state_dir", "ingest.state_dir", &ingest.state_dir);
  if (const YAML::Node& dedup = node["dedup"]) {
    r.Map(dedup, "ingest.dedup");
    if (!r.ok()) return;
    r.String(dedup, "dir", "ingest.dedup.dir", &ingest.dedup_dir);
    r.Int(dedup, "ttl_seconds", "ingest.dedup.ttl_seconds", 60, 365 * 86'400, 1,
          &ingest.dedup_ttl_seconds);
  }
  if (node["sources"] && r.ok()) ReadIngestSources(node["sources"], r, ingest);
  if (node["pollers"] && r.ok()) ReadIngestPollers(node["pollers"], r, ingest);
  if (const YAML::Node& rules = node["tracking"]; rules && r.ok()) {
    if (!rules.IsSequence()) return r.Fail("ingest.tracking", "a list of rules", rules);
    for (size_t i = 0; i < rules.size() && r.ok(); ++i) {
      const std::string path = StrCat("ingest.tracking[", i, "]");
      TrackingRuleConfig rule;
      r.String(rules[i], "brand", path + ".brand", &rule.brand, false);
      r.String(rules[i], "query", path + ".query", &rule.query, false);
      ReadStringList(rules[i], "languages", path + ".languages", r, &rule.languages);
      ReadStringList(rules[i], "topics", path + ".topics", r, &rule.topics);
      if (r.ok() && (rule.brand.empty() || rule.query.empty())) {
        return r.Fail(path, "a rule with brand and query", rules[i]);
      }
      ingest.tracking.push_back(std::move(rule));
    }
  }
}

}  // namespace

PipelineConfig DefaultPipelineConfig() {
  PipelineConfig config;
  config.operators.push_back({"enrich", YAML::Node()});
  config.operators.push_back({"spike", YAML::Node()});
  config.operators.push_back({"shitstorm", YAML::Node()});
  config.operators.push_back({"spillover", YAML::Node()});
  config.operators.push_back({"response_sla", YAML::Node()});
  config.sinks.push_back({.type = "console"});
  return config;
}

absl::StatusOr<PipelineConfig> ParsePipelineConfig(const std::string& yaml_text,
                                                   const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        StrCat(origin, ":", e.mark.line + 1, ": invalid YAML: ", e.msg));
  }
  PipelineConfig config = DefaultPipelineConfig();
  if (root.IsNull()) return config;
  Reader r(origin);
  if (!root.IsMap()) {
    r.Fail("<top level>", "a mapping", root);
    return r.status();
  }
  static const char* const kSections[] = {"kafka", "topics", "runtime", "operators",
                                          "sinks", "http", "ingest", "alerting"};
  for (const auto& entry : root) {
    const std::string key = entry.first.as<std::string>();
    if (std::find(std::begin(kSections), std::end(kSections), key) == std::end(kSections)) {
      r.Fail(key, StrCat("one of the sections ", absl::StrJoin(kSections, ", ")),
             entry.first);
      return r.status();
    }
  }
  ReadKafka(root["kafka"], r, config.kafka);
  ReadTopics(root["topics"], r, config.topics);
  ReadRuntime(root["runtime"], r, config.runtime);
  ReadOperators(root["operators"], r, config.operators);
  ReadSinks(root["sinks"], r, config.sinks);
  ReadAlerting(root["alerting"], r, config.alerting, config.sinks);
  if (const YAML::Node& http = root["http"]) {
    r.Map(http, "http");
    if (r.ok()) r.String(http, "listen", "http.listen", &config.http.listen);
  }
  ReadIngest(root["ingest"], r, config.ingest);
  if (!r.ok()) return r.status();
  return config;
}

absl::Status PrepareKafkaConfig(KafkaConfig& kafka) {
  if (!kafka.embedded && kafka.brokers.empty()) {
    return absl::InvalidArgumentError(
        "kafka.brokers: expected a host:port list (--brokers or kafka.brokers in the config, or "
        "kafka.embedded: true), got ''");
  }
  for (const auto& [key, ref] : kafka.secret_properties) {
    absl::StatusOr<std::string> value = ResolveSecret(ref, StrCat("kafka.properties.", key, ".secret"));
    if (!value.ok()) return value.status();
    kafka.properties[key] = *std::move(value);
  }
  return absl::OkStatus();
}

absl::StatusOr<PipelineConfig> LoadPipelineConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(StrCat(path, ": cannot open config file"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParsePipelineConfig(buffer.str(), path);
}

}  // namespace stormwatch
