// The demo's built-in scenario; see demo_scenario.h.
#include "pipeline/cli/demo_scenario.h"

#include <algorithm>
#include <array>
#include <random>
#include <string>

#include "pipeline/core/strings.h"
#include "pipeline/core/time_util.h"

namespace stormwatch {
namespace {

constexpr int64_t kMinute = 60'000;

constexpr std::array kEverydayDanish = {
    "Har lige fået nyt abonnement hos Telenova, det kører fint",
    "Hvornår kommer 5G til Aarhus C? @telenova",
    "Tak for hurtig hjælp i butikken i dag, super service",
    "Nogen der ved om Telenova har roaming i Norge inkluderet?",
    "Skiftet til Telenova for et år siden og er ret tilfreds",
    "Telenova app'en er blevet meget bedre med den nye opdatering",
    "Kan man få et ekstra datakort på sit abonnement?",
    "Dejligt at dækningen i sommerhuset endelig virker",
};
constexpr std::array kEverydayEnglish = {
    "Switched to Telenova last month, coverage is good so far",
    "Does @telenova support eSIM on the new phones?",
    "Great help from the Telenova shop in Copenhagen today",
};
constexpr std::array kContactSeeking = {
    "Har nu ventet i telefonen i 40 minutter hos Telenova. Hvad sker der?",
    "Kan ikke komme igennem til Telenova kundeservice, ingen svarer",
    "Kø på over en halv time hos @telenova, jeg giver op",
    "Ventetid på 45 min i telefonen og stadig intet internet",
    "Hvorfor tager Telenova ikke telefonen? Har ringet 5 gange",
    "Still on hold with Telenova after 30 minutes, can't get through",
};
constexpr std::array kStorm = {
    "Telenova er helt nede og ingen siger noget. Elendigt! #telenovanede",
    "Ikke acceptabelt at hele netværket er nede en fredag aften #telenovanede",
    "Skifter selskab i morgen. Aldrig mere Telenova! #telenovanede",
    "Tredje gang i år at Telenova svigter. Skandaløst dårligt #telenovanede",
    "Min mor kan ikke ringe 112 fordi Telenova er nede. Forfærdeligt #telenovanede",
    "Telenova giver ingen information om nedbruddet, det er pinligt #telenovanede",
    "Hele familien uden net og Telenova svarer ikke. Virkelig dårlig service",
    "Telenova outage again, no internet and nobody answers. Terrible #telenovanede",
};
constexpr std::array kBankEveryday = {
    "Nordbank har åbnet en ny filial i Odense",
    "Nogen der har prøvet Nordbanks nye app?",
    "Fin rådgivning hos Nordbank om boliglån i dag",
};

template <size_t N>
const char* Pick(const std::array<const char*, N>& texts, std::mt19937_64& rng) {
  return texts[std::uniform_int_distribution<size_t>(0, N - 1)(rng)];
}

class ScenarioBuilder {
 public:
  explicit ScenarioBuilder(uint64_t seed) : rng_(seed) {}

  // Returns the mention's id.
  std::string AddMention(const std::string& brand, int64_t at_ms, const char* text,
                         const std::string& author, const std::string& source, uint32_t shares,
                         bool from_brand = false, const std::string& in_reply_to = "") {
    v1::Event event;
    v1::Mention& m = *event.mutable_mention();
    m.set_id(StrCat(source, "-", ++sequence_));
    m.set_source(source);
    m.set_brand(brand);
    m.set_channel(in_reply_to.empty() ? "post" : "reply");
    m.set_author_id(author);
    m.set_author_followers(std::uniform_int_distribution<uint32_t>(20, 3000)(rng_));
    m.set_text(text);
    *m.mutable_created_at() = FromMillis(at_ms);
    m.set_shares(shares);
    m.set_likes(shares * 3);
    m.set_from_brand(from_brand);
    m.set_in_reply_to(in_reply_to);
    m.set_thread_id(in_reply_to.empty() ? m.id() : in_reply_to);
    std::string id = m.id();
    events_.push_back(std::move(event));
    return id;
  }

  void AddQueueSample(const std::string& brand, int64_t at_ms, double longest_wait,
                      uint32_t waiting, uint32_t offered, uint32_t abandoned) {
    v1::Event event;
    v1::QueueSample& q = *event.mutable_queue_sample();
    q.set_brand(brand);
    q.set_queue_id("kundeservice");
    *q.mutable_ts() = FromMillis(at_ms);
    q.set_calls_waiting(waiting);
    q.set_longest_wait_seconds(longest_wait);
    q.set_avg_wait_seconds(longest_wait * 0.55);
    q.set_offered(offered);
    q.set_abandoned(abandoned);
    q.set_agents_available(waiting > 20 ? 0 : 3);
    events_.push_back(std::move(event));
  }

  // Poisson arrivals at `per_minute` in [from, to).
  template <typename Add>
  void Arrivals(int64_t from_ms, int64_t to_ms, double per_minute, Add add) {
    if (per_minute <= 0) return;
    std::exponential_distribution<double> gap(per_minute / kMinute);
    for (double t = from_ms + gap(rng_); t < to_ms; t += gap(rng_)) add(static_cast<int64_t>(t));
  }

  std::mt19937_64& rng() { return rng_; }
  std::vector<v1::Event> Take() {
    std::stable_sort(events_.begin(), events_.end(), [](const v1::Event& a, const v1::Event& b) {
      return EventTimeMs(a) < EventTimeMs(b);
    });
    return std::move(events_);
  }

 private:
  std::mt19937_64 rng_;
  std::vector<v1::Event> events_;
  int64_t sequence_ = 0;
};

}  // namespace

DemoScenario MakeDemoScenario(int64_t start_ms) {
  ScenarioBuilder b(20261127);
  DemoScenario scenario;
  const int64_t end = start_ms + 12 * 60 * kMinute;           // 08:00 -> 20:00 UTC
  scenario.queue_breach_ms = start_ms + 8 * 60 * kMinute;     // 16:00
  const int64_t spill_onset = scenario.queue_breach_ms + 20 * kMinute;
  scenario.storm_onset_ms = start_ms + 9 * 60 * kMinute;      // 17:00
  const int64_t storm_end = scenario.storm_onset_ms + 75 * kMinute;
  const int64_t recovery = start_ms + 10 * 60 * kMinute + 30 * kMinute;

  std::uniform_int_distribution<int> regular_author(1, 400);
  auto regular = [&] { return StrCat("u", regular_author(b.rng())); };
  // Everyday traffic for both brands. Until the outage each brand's social team answers
  // every post within 5-40 minutes (no response-SLA breach); from 15:30 the telecom's team
  // is swamped and answers nothing more.
  const int64_t team_swamped = scenario.queue_breach_ms - 30 * kMinute;
  std::uniform_int_distribution<int64_t> answer_delay(5 * kMinute, 40 * kMinute);
  b.Arrivals(start_ms, end, 2.0, [&](int64_t t) {
    const bool english = std::bernoulli_distribution(0.25)(b.rng());
    const std::string id = b.AddMention(
        "telenova", t, english ? Pick(kEverydayEnglish, b.rng()) : Pick(kEverydayDanish, b.rng()),
        regular(), english ? "x" : "facebook", 0);
    if (t < team_swamped) {
      b.AddMention("telenova", t + answer_delay(b.rng()),
                   "Hej, tak for din besked. Vi har sendt dig en DM.", "telenova-official",
                   english ? "x" : "facebook", 0, true, id);
    }
  });
  b.Arrivals(start_ms, end, 1.0, [&](int64_t t) {
    const std::string id =
        b.AddMention("nordbank", t, Pick(kBankEveryday, b.rng()), regular(), "facebook", 0);
    b.AddMention("nordbank", t + answer_delay(b.rng()), "Hej, tak for din besked. Skriv gerne en DM.",
                 "nordbank-official", "facebook", 0, true, id);
  });
  // Spill-over: callers stuck in the queue turn to social media.
  b.Arrivals(spill_onset, recovery, 3.0, [&](int64_t t) {
    b.AddMention("telenova", t, Pick(kContactSeeking, b.rng()), regular(), "facebook", 1);
  });
  // The storm: a flood of negative posts, mostly from authors never seen before.
  std::uniform_int_distribution<int> new_author(10'000, 99'999);
  std::uniform_int_distribution<uint32_t> shares(5, 400);
  b.Arrivals(scenario.storm_onset_ms, storm_end, 25.0, [&](int64_t t) {
    b.AddMention("telenova", t, Pick(kStorm, b.rng()), StrCat("n", new_author(b.rng())),
                 std::bernoulli_distribution(0.5)(b.rng()) ? "x" : "facebook", shares(b.rng()));
  });
  // Phone queue, one sample a minute: normal, building, breached, recovering.
  for (int64_t t = start_ms; t < end; t += kMinute) {
    double wait = 70 + (t / kMinute) % 5 * 8;
    uint32_t waiting = 4;
    if (t >= scenario.queue_breach_ms && t < recovery) {
      const double minutes_in = static_cast<double>(t - scenario.queue_breach_ms) / kMinute;
      wait = std::min(2400.0, 70 + minutes_in * 22);
      waiting = static_cast<uint32_t>(std::min(120.0, 4 + minutes_in * 1.5));
    }
    b.AddQueueSample("telenova", t, wait, waiting, 40, waiting > 30 ? waiting / 3 : 1);
  }
  scenario.events = b.Take();
  return scenario;
}

}  // namespace stormwatch
