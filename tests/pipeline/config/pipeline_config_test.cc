// Config loading: defaults, every section, and one-line errors that name the field.
#include "pipeline/config/pipeline_config.h"

#include <gmock/gmock.h>
#include <fstream>
#include <gtest/gtest.h>

namespace stormwatch {
namespace {

using ::testing::HasSubstr;

TEST(PipelineConfigTest, EmptyFileGivesDefaults) {
  absl::StatusOr<PipelineConfig> config = ParsePipelineConfig("", "c.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->topics.mentions, "mentions.v1");
  EXPECT_EQ(config->topics.alerts, "alerts.v1");
  ASSERT_FALSE(config->operators.empty());
  ASSERT_EQ(config->sinks.size(), 1u);
  EXPECT_EQ(config->sinks[0].type, "console");
}

TEST(PipelineConfigTest, ReadsSections) {
  absl::StatusOr<PipelineConfig> config = ParsePipelineConfig(R"(
kafka:
  brokers: k1:9092,k2:9092
  group_id: sw-test
  properties: {security.protocol: SASL_SSL, sasl.password: pw}
topics: {mentions: m.v1}
runtime: {allowed_lateness_seconds: 30}
operators:
  - name: volume_threshold
    config: {window_seconds: 60, fire_count: 10}
sinks:
  - {type: jsonl, path: /tmp/a.jsonl}
  - {type: webhook, url: "http://127.0.0.1:8080/hook"}
http: {listen: "0.0.0.0:9464"}
)", "c.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->kafka.brokers, "k1:9092,k2:9092");
  EXPECT_EQ(config->kafka.group_id, "sw-test");
  EXPECT_EQ(config->kafka.properties.at("sasl.password"), "pw");
  EXPECT_EQ(config->topics.mentions, "m.v1");
  EXPECT_EQ(config->topics.alerts, "alerts.v1");
  EXPECT_EQ(config->runtime.allowed_lateness_ms, 30'000);
  ASSERT_EQ(config->operators.size(), 1u);
  EXPECT_EQ(config->operators[0].config["fire_count"].as<int>(), 10);
  ASSERT_EQ(config->sinks.size(), 2u);
  EXPECT_EQ(config->sinks[1].url, "http://127.0.0.1:8080/hook");
  EXPECT_EQ(config->http.listen, "0.0.0.0:9464");
}

TEST(PipelineConfigTest, OperatorWithoutConfigGetsNullNode) {
  absl::StatusOr<PipelineConfig> config =
      ParsePipelineConfig("operators: [{name: spike}, enrich]", "c.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->operators.size(), 2u);
  EXPECT_TRUE(config->operators[0].config.IsNull());
  EXPECT_NO_THROW(config->operators[0].config["bucket_seconds"]);
  EXPECT_EQ(config->operators[1].name, "enrich");
}

TEST(PipelineConfigTest, ErrorsNameFieldAndExpectation) {
  auto error = [](const std::string& yaml) {
    absl::StatusOr<PipelineConfig> config = ParsePipelineConfig(yaml, "c.yaml");
    EXPECT_FALSE(config.ok()) << yaml;
    return std::string(config.status().message());
  };
  EXPECT_THAT(error("runtime: {allowed_lateness_seconds: -3}"),
              HasSubstr("c.yaml: runtime.allowed_lateness_seconds: expected an integer in [0, "));
  EXPECT_THAT(error("sinks: [{type: pager}]"), HasSubstr("sinks[0].type: expected one of"));
  EXPECT_THAT(error("sinks: [{type: jsonl}]"), HasSubstr("sinks[0].path"));
  EXPECT_THAT(error("sinks: [{type: webhook, url: ftp://x}]"), HasSubstr("sinks[0].url"));
  EXPECT_THAT(error("kafak: {}"), HasSubstr("kafak: expected one of the sections"));
  EXPECT_THAT(error("kafka: [1, 2]"), HasSubstr("kafka: expected a mapping"));
  EXPECT_THAT(error("operators: [{config: {}}]"), HasSubstr("operators[0].name"));
  EXPECT_THAT(error("kafka: {brokers: [x"), HasSubstr("c.yaml:1: invalid YAML"));
  // One line, no trailing newline.
  EXPECT_EQ(error("kafka: {embedded: maybe}").find('\n'), std::string::npos);
}

TEST(PipelineConfigTest, KafkaEndpointRequired) {
  PipelineConfig config = DefaultPipelineConfig();
  EXPECT_THAT(std::string(PrepareKafkaConfig(config.kafka).message()),
              HasSubstr("kafka.brokers: expected a host:port list"));
  config.kafka.embedded = true;
  EXPECT_TRUE(PrepareKafkaConfig(config.kafka).ok());
}

// A librdkafka property may be a secret by reference (sasl.password from a mounted file),
// read when a Kafka role starts, not when the config is parsed (replay and the deploy
// render test parse configs whose files exist only in the pod).
TEST(PipelineConfigTest, KafkaSecretPropertiesAreReadFromTheirFileAtStart) {
  const std::string file = ::testing::TempDir() + "/sasl-password";
  {
    std::ofstream out(file);
    out << "s3cret-from-file\n";
  }
  absl::StatusOr<PipelineConfig> config = ParsePipelineConfig(
      "kafka:\n  brokers: k1:9092\n  properties:\n    sasl.username: sw\n"
      "    sasl.password: {secret_file: " + file + "}\n",
      "c.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_FALSE(config->kafka.properties.contains("sasl.password"));
  ASSERT_TRUE(PrepareKafkaConfig(config->kafka).ok());
  EXPECT_EQ(config->kafka.properties.at("sasl.password"), "s3cret-from-file");
  EXPECT_EQ(config->kafka.properties.at("sasl.username"), "sw");

  config->kafka.secret_properties["sasl.password"] = {.file = "/nonexistent/pw"};
  const absl::Status missing = PrepareKafkaConfig(config->kafka);
  EXPECT_EQ(std::string(missing.message()),
            "kafka.properties.sasl.password.secret_file: cannot read secret file "
            "'/nonexistent/pw'");
}

TEST(PipelineConfigTest, KafkaPropertyThatIsNeitherValueNorSecretIsRefusedWithoutEchoingIt) {
  absl::StatusOr<PipelineConfig> config = ParsePipelineConfig(
      "kafka: {properties: {sasl.password: [hunter2]}}", "c.yaml");
  ASSERT_FALSE(config.ok());
  const std::string message(config.status().message());
  EXPECT_THAT(message, HasSubstr("c.yaml: kafka.properties.sasl.password: expected a value, or "
                                 "{secret_file: PATH} / {secret_env: NAME} for a secret"));
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  config = ParsePipelineConfig("kafka: {properties: {sasl.password: {file: /x}}}", "c.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(std::string(config.status().message()),
              HasSubstr("kafka.properties.sasl.password: expected {secret_file: PATH} or "
                        "{secret_env: NAME}"));
}

TEST(PipelineConfigTest, MissingFileIsNamed) {
  absl::StatusOr<PipelineConfig> config = LoadPipelineConfig("/nonexistent/stormwatch.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(std::string(config.status().message()),
              HasSubstr("/nonexistent/stormwatch.yaml: cannot open"));
}

}  // namespace
}  // namespace stormwatch
