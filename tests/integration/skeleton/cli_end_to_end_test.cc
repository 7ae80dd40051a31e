// The public command line, process by process: dev-broker + publish + operate + alert
// deliver an alert to a JSONL sink; replay reports a malformed line and still writes the
// alerts; `publish --rate --restamp` paces a load and stamps it with the send time; the
// demo prints an alert and exits 0; bad usage and config exit 2; `sentiment` reads the
// deployment's own terms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <sstream>

#include "absl/strings/strip.h"
#include "pipeline/core/event_codec.h"
#include "tests/testutil/child_process.h"

namespace stormwatch {
namespace {

using testing::ChildProcess;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::RunCommand;
using testing::StormwatchBinary;
using testing::WaitFor;
using testing::WriteFile;

// Ten acme mentions within a minute, a malformed line (line 4), a quiet brand.
std::string BurstEvents() {
  std::string out;
  for (int i = 0; i < 10; ++i) {
    out += R"({"mention": {"id": "m)" + std::to_string(i) +
           R"(", "source": "x", "brand": "acme", "text": "Kan ikke komme igennem", )" +
           R"("createdAt": "2026-11-27T17:00:0)" + std::to_string(i) + R"(Z"}})" + "\n";
    if (i == 2) out += "{\"mention\": {\"id\": \"broken\", \"brand\": \"acme\"}}\n";
  }
  out += R"({"queueSample": {"brand": "acme", "ts": "2026-11-27T17:00:30Z", )"
         R"("longestWaitSeconds": 900}})"
         "\n";
  return out;
}

class CliEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir("sw-cli-"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Starts `stormwatch dev-broker`; returns its bootstrap address ("" if it did not start).
  std::string StartBroker(int partitions) {
    const std::string bootstrap_file = dir_ + "/bootstrap";
    broker_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{StormwatchBinary(), "dev-broker", "--partitions",
                                 std::to_string(partitions), "--bootstrap-file", bootstrap_file},
        dir_ + "/broker.out", dir_ + "/broker.err");
    if (!WaitFor([&] { return std::filesystem::exists(bootstrap_file); },
                 std::chrono::seconds(20))) {
      return "";
    }
    return std::string(absl::StripAsciiWhitespace(ReadFile(bootstrap_file)));
  }
  void StopBroker() {
    broker_->Signal(SIGTERM);
    EXPECT_EQ(broker_->Wait(std::chrono::seconds(10)), 0);
  }

  std::string dir_;
  std::unique_ptr<ChildProcess> broker_;
};

TEST_F(CliEndToEndTest, DevBrokerPublishOperateAlertDeliverToJsonlSink) {
  const std::string brokers = StartBroker(2);
  ASSERT_THAT(brokers, HasSubstr("127.0.0.1:"));

  const std::string events = dir_ + "/events.jsonl";
  WriteFile(events, BurstEvents());
  std::string output;
  ASSERT_EQ(
      RunCommand({StormwatchBinary(), "publish", "--brokers", brokers, "--input", events}, &output),
      0)
      << output;
  EXPECT_THAT(output, HasSubstr("published 10 mentions and 1 queue samples; rejected 1 lines"));
  EXPECT_THAT(output, HasSubstr("events.jsonl:4: mention.createdAt: required field missing"));

  const std::string alerts = dir_ + "/alerts.jsonl";
  WriteFile(dir_ + "/config.yaml", R"(
kafka:
  properties: {max.poll.interval.ms: "8000", session.timeout.ms: "6000", heartbeat.interval.ms: "500"}
runtime: {idle_advance_after_ms: 200, state_dir: )" +
                                       dir_ + R"(/state}
operators:
  - name: volume_threshold
    config: {window_seconds: 60, fire_count: 5}
sinks:
  - {type: jsonl, path: )" + alerts + R"(}
http: {listen: ""}
)");
  ChildProcess operate(
      {StormwatchBinary(), "operate", "--brokers", brokers, "--config", dir_ + "/config.yaml"},
      dir_ + "/operate.out", dir_ + "/operate.err");
  ChildProcess alert(
      {StormwatchBinary(), "alert", "--brokers", brokers, "--config", dir_ + "/config.yaml"},
      dir_ + "/alert.out", dir_ + "/alert.err");
  ASSERT_TRUE(WaitFor([&] { return !ReadFile(alerts).empty(); }, std::chrono::seconds(90)))
      << "operate: " << ReadFile(dir_ + "/operate.err")
      << "\nalert: " << ReadFile(dir_ + "/alert.err");
  std::string first_line = ReadFile(alerts);
  first_line = first_line.substr(0, first_line.find('\n'));
  absl::StatusOr<v1::Alert> parsed = ParseAlertJson(first_line);
  ASSERT_TRUE(parsed.ok()) << first_line;
  EXPECT_EQ(parsed->brand(), "acme");
  EXPECT_EQ(parsed->kind(), v1::SPIKE);

  operate.Signal(SIGTERM);
  alert.Signal(SIGTERM);
  EXPECT_EQ(operate.Wait(std::chrono::seconds(30)), 0);
  EXPECT_EQ(alert.Wait(std::chrono::seconds(30)), 0);
  StopBroker();
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_F(CliEndToEndTest, PublishPacesTheRateAndStampsEventsWithTheSendTime) {
  const std::string brokers = StartBroker(1);
  ASSERT_THAT(brokers, HasSubstr("127.0.0.1:"));
  std::string events;
  for (int i = 0; i < 100; ++i) {
    events += R"({"mention": {"id": "p)" + std::to_string(i) +
              R"(", "source": "x", "brand": "acme", "text": "hej", )"
              R"("createdAt": "2026-01-01T00:00:00Z"}})"
              "\n";
  }
  WriteFile(dir_ + "/events.jsonl", events);

  const int64_t before = WallMs();
  std::string output;
  ASSERT_EQ(RunCommand({StormwatchBinary(), "publish", "--brokers", brokers, "--input",
                        dir_ + "/events.jsonl", "--rate", "200", "--restamp"},
                       &output),
            0)
      << output;
  const int64_t after = WallMs();
  EXPECT_GE(after - before, 480) << "100 events at 200/s take at least 0.495 s";

  // The record timestamp is the event time: with --restamp, the moment each was sent.
  ASSERT_EQ(RunCommand({"/usr/bin/kcat", "-C", "-b", brokers, "-t", "mentions.v1", "-o",
                        "beginning", "-e", "-q", "-f", "%T\n"},
                       &output),
            0)
      << output;
  std::vector<int64_t> stamps;
  std::istringstream lines(output);
  for (int64_t ts; lines >> ts;) stamps.push_back(ts);
  ASSERT_EQ(stamps.size(), 100u) << output;
  EXPECT_TRUE(std::is_sorted(stamps.begin(), stamps.end()));
  EXPECT_GE(stamps.front(), before);
  EXPECT_LE(stamps.back(), after);
  EXPECT_GE(stamps.back() - stamps.front(), 450) << "paced, not sent in one burst";
  StopBroker();
}

TEST_F(CliEndToEndTest, ReplayReportsMalformedLineAndStillWritesAlerts) {
  const std::string events = dir_ + "/events.jsonl";
  WriteFile(events, BurstEvents());
  WriteFile(dir_ + "/config.yaml", R"(
operators:
  - name: volume_threshold
    config: {window_seconds: 60, fire_count: 5}
)");
  const std::string alerts = dir_ + "/alerts.jsonl";
  std::string output;
  ASSERT_EQ(RunCommand({StormwatchBinary(), "replay", "--input", events, "--output", alerts,
                        "--config", dir_ + "/config.yaml"},
                       &output),
            0)
      << output;
  EXPECT_THAT(output, HasSubstr("events.jsonl:4: mention.createdAt: required field missing"));
  EXPECT_THAT(output, HasSubstr("replayed 11 events; 1 malformed"));
  const std::string written = ReadFile(alerts);
  EXPECT_THAT(written, HasSubstr(R"("kind":"SPIKE")"));
  EXPECT_THAT(written, HasSubstr(R"("brand":"acme")"));
  // Deterministic: a second run writes the same bytes.
  const std::string again = dir_ + "/again.jsonl";
  ASSERT_EQ(RunCommand({StormwatchBinary(), "replay", "--input", events, "--output", again,
                        "--config", dir_ + "/config.yaml"},
                       nullptr),
            0);
  EXPECT_EQ(ReadFile(again), written);
}

TEST_F(CliEndToEndTest, DemoPrintsAlertsAndExitsZero) {
  std::string output;
  const int code = RunCommand({StormwatchBinary(), "demo", "--listen", "127.0.0.1:0"}, &output,
                              std::chrono::seconds(120));
  EXPECT_EQ(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("FIRING"));
  EXPECT_THAT(output, HasSubstr("telenova"));
  EXPECT_THAT(output, HasSubstr("summary: 6916 of 6916 events processed"));
}

TEST_F(CliEndToEndTest, BadUsageAndBadConfigExitTwoWithOneLine) {
  std::string output;
  EXPECT_EQ(RunCommand({StormwatchBinary(), "replay", "--input", "x.jsonl"}, &output), 2);
  EXPECT_THAT(output, HasSubstr("--output is required"));
  EXPECT_EQ(RunCommand({StormwatchBinary(), "frobnicate"}, &output), 2);

  WriteFile(dir_ + "/bad.yaml", "runtime: {allowed_lateness_seconds: soon}\n");
  EXPECT_EQ(RunCommand({StormwatchBinary(), "run", "--config", dir_ + "/bad.yaml"}, &output), 2);
  EXPECT_EQ(output, "stormwatch: " + dir_ +
                        "/bad.yaml: runtime.allowed_lateness_seconds: expected an integer in "
                        "[0, 86400], got 'soon'\n");
  EXPECT_EQ(RunCommand({StormwatchBinary(), "operate"}, &output), 2);
  EXPECT_THAT(output, HasSubstr("kafka.brokers: expected a host:port list"));
  EXPECT_EQ(RunCommand({StormwatchBinary(), "replay", "--input", dir_ + "/missing.jsonl",
                        "--output", dir_ + "/o.jsonl"},
                       &output),
            2);
  EXPECT_THAT(output, HasSubstr("missing.jsonl: cannot open input file"));
  EXPECT_EQ(RunCommand({StormwatchBinary(), "demo", "--help"}, &output), 0);
  EXPECT_THAT(output, HasSubstr("--write-scenario"));
}

TEST_F(CliEndToEndTest, SentimentReadsCustomTermsPerLanguage) {
  WriteFile(dir_ + "/in.jsonl",
            "{\"text\": \"just had a happy meal\", \"lang\": \"en\"}\n"
            "{\"text\": \"Toget har ingen wifi\", \"lang\": \"da\"}\n");
  WriteFile(dir_ + "/en.txt", "valence\thappy meal\t0\n");
  WriteFile(dir_ + "/da.txt", "complaint\tingen wifi\nvalence\tingen wifi\t-2\n");
  const std::string sentiment = StormwatchBinary() + " sentiment";
  std::string output;
  ASSERT_EQ(RunCommand({"/bin/sh", "-c", sentiment + " < " + dir_ + "/in.jsonl"}, &output), 0);
  EXPECT_EQ(output,
            "{\"intents\":[\"praise\"],\"label\":\"positive\",\"lang\":\"en\","
            "\"score\":0.6123724356957946}\n"
            "{\"intents\":[],\"label\":\"neutral\",\"lang\":\"da\",\"score\":0.0}\n");
  ASSERT_EQ(RunCommand({"/bin/sh", "-c",
                        sentiment + " --custom-terms en=" + dir_ + "/en.txt --custom-terms da=" +
                            dir_ + "/da.txt < " + dir_ + "/in.jsonl"},
                       &output),
            0);
  EXPECT_THAT(output, HasSubstr("{\"intents\":[],\"label\":\"neutral\",\"lang\":\"en\""));
  EXPECT_THAT(output, HasSubstr("{\"intents\":[\"complaint\"],\"label\":\"negative\","
                                "\"lang\":\"da\""));

  EXPECT_EQ(
      RunCommand({StormwatchBinary(), "sentiment", "--custom-terms", "xx=" + dir_ + "/en.txt"},
                 &output),
      2);
  EXPECT_THAT(output, HasSubstr("expected LANG=FILE with LANG one of da, no, sv, en"));
  // Start-up errors: exit 1, one line naming the file (and line).
  auto sentiment_with = [&](const std::string& terms) {
    return RunCommand({"/bin/sh", "-c", sentiment + " --custom-terms " + terms + " < /dev/null"},
                      &output);
  };
  ASSERT_EQ(sentiment_with("sv=" + dir_ + "/none.txt"), 1);
  EXPECT_EQ(output, "sentiment: cannot load lexicons: custom_terms.sv: cannot open " + dir_ +
                        "/none.txt as a file\n");
  WriteFile(dir_ + "/bad.txt", "# our words\nvalence\tfin\n");
  ASSERT_EQ(sentiment_with("da=" + dir_ + "/bad.txt"), 1);
  EXPECT_EQ(output, "sentiment: cannot load lexicons: custom_terms.da: " + dir_ +
                        "/bad.txt:2: valence needs a score, got 'valence\tfin'\n");
}

}  // namespace
}  // namespace stormwatch
