#!/usr/bin/env python3
"""Writes the detector scenario files (tests/data/scenarios/*.jsonl), deterministically.

Each file is one JSON event per line (DESIGN.md "Event schema"), in event-time order, for
`stormwatch replay`. tests/operators/scenarios/scenarios_test.cc replays them through the
default chain (enrich -> spike -> shitstorm -> spillover -> response_sla) and checks the
alerts; the onsets below are the ones it states.

  quiet_week.jsonl  7 days (Mon 2026-11-02 00:00 UTC ->), weekly seasonality: day/night
                    and weekday/weekend; ~15% mildly negative; a phone queue that never
                    breaches; the brand answers every question and complaint within 45 min.
                    Must produce no alert at all.
  campaign.jsonl    3 quiet days, then Wed 2026-11-04 12:00 UTC a positive campaign launch
                    (many new authors, shares, #nordsummer): SPIKE, no SHITSTORM.
  outage.jsonl      2 quiet days, then Wed 2026-11-04 18:00 UTC the phone queue builds and
                    callers turn to social media (SPILLOVER), and from 19:00 a negative
                    flood with many new authors and one hashtag (SHITSTORM, escalating).
  night.jsonl       2 quiet days, then from Wed 2026-11-04 21:00 UTC complaints that nobody
                    answers until morning (RESPONSE_SLA breach; after-hours SLA 240 min).

Usage: python3 tests/data/make_scenarios.py   (writes next to this script)
"""

import json
import math
import os
import random
from datetime import datetime, timedelta, timezone

MINUTE = 60
START = datetime(2026, 11, 2, 0, 0, tzinfo=timezone.utc)  # a Monday

EVERYDAY = [
    "Just switched my plan to {b}, all good so far",
    "Using the {b} app on the train this morning, works fine",
    "Saw the new {b} ad on TV tonight",
    "Nice chat with {b} support in the shop today, thanks",
    "My {b} bill came today, same as last month",
    "Coverage from {b} in the summer house is fine these days",
    "Reading about the {b} results in the paper",
    "{b} opened a new shop in Aarhus",
]
QUESTIONS = [
    "Does {b} offer eSIM for the new phones?",
    "What time does the {b} shop in Odense open on Saturday?",
    "Can I add an extra data card to my {b} subscription?",
]
MILD_COMPLAINTS = [
    "The {b} app is slow again today, annoying",
    "Billing from {b} is confusing and wrong this month",
    "Bad coverage from {b} on my way to work again",
]
CAMPAIGN = [
    "Love the new {b} summer campaign! Amazing offer #nordsummer",
    "Wow, {b} just launched a great deal, really happy #nordsummer",
    "Great news from {b} today, best offer ever #nordsummer",
    "Fantastic {b} campaign, signing up right now #nordsummer",
    "The {b} summer deal is brilliant, love it #nordsummer",
]
CONTACT_SEEKING = [
    "Been on hold with {b} for 40 minutes, can't get through",
    "Still waiting in the phone queue at {b}, nobody answers the phone",
    "Trying to call {b} customer service for an hour, can't get through",
    "On hold with {b} again, 30 minutes in the queue and counting",
]
STORM = [
    "{b} is down again and nobody says anything. Terrible! #{b}down",
    "Worst service ever, {b} network dead all evening #{b}down",
    "Switching away from {b} tomorrow. Disgraceful and awful #{b}down",
    "No internet, no information, {b} is a disgrace #{b}down",
    "Unacceptable, whole family without internet, {b} terrible #{b}down",
]
NIGHT_COMPLAINTS = [
    "My {b} internet has been broken all evening, terrible service",
    "Terrible service from {b}, my bill is wrong again and nobody helps",
    "Awful, {b} cut my connection tonight and the chat is closed",
]
BRAND_REPLY = "Hi, we have sent you a DM."


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Scenario:
    def __init__(self, brand, seed):
        self.brand = brand
        self.rng = random.Random(seed)
        self.events = []  # (time, seq, json)
        self.seq = 0

    def mention(self, t, template, author, shares=0, needs_answer=False, answer_within=None):
        self.seq += 1
        mid = f"{self.brand[:2]}{self.seq}"
        m = {"id": mid, "source": self.rng.choice(["x", "facebook", "instagram"]),
             "brand": self.brand, "channel": "post", "authorId": author,
             "text": template.format(b=self.brand), "createdAt": iso(t), "threadId": mid}
        if shares:
            m["shares"] = shares
        self.events.append((t, self.seq, {"mention": m}))
        if needs_answer and answer_within is not None:
            self.seq += 1
            r = {"id": f"{self.brand[:2]}r{self.seq}", "source": m["source"],
                 "brand": self.brand, "channel": "reply", "authorId": f"{self.brand}-care",
                 "text": BRAND_REPLY, "createdAt": iso(t + answer_within), "inReplyTo": mid,
                 "threadId": mid, "fromBrand": True}
            self.events.append((t + answer_within, self.seq, {"mention": r}))
        return mid

    def queue(self, t, wait, waiting, offered, abandoned):
        self.seq += 1
        q = {"brand": self.brand, "queueId": "support", "ts": iso(t), "callsWaiting": waiting,
             "longestWaitSeconds": round(wait, 1), "avgWaitSeconds": round(wait * 0.5, 1),
             "offered": offered, "abandoned": abandoned, "agentsAvailable": 3}
        self.events.append((t, self.seq, {"queueSample": q}))

    def arrivals(self, start, end, rate_per_minute):
        """Poisson arrival times in [start, end) at a rate that may vary: f(t) -> per minute."""
        t = start
        peak = max(rate_per_minute(start + timedelta(minutes=m)) for m in
                   range(0, int((end - start).total_seconds() // 60) + 1, 10)) or 1e-9
        while True:
            t = t + timedelta(seconds=self.rng.expovariate(peak / 60.0))
            if t >= end:
                return
            if self.rng.random() < rate_per_minute(t) / peak:
                yield t

    def regular_author(self):
        return f"u{self.rng.randint(1, 600)}"

    def write(self, path):
        self.events.sort(key=lambda e: (e[0], e[1]))
        with open(path, "w") as out:
            for _, _, event in self.events:
                out.write(json.dumps(event, separators=(",", ":"), ensure_ascii=False) + "\n")


def weekly_rate(t, base=0.9):
    """Mentions per minute with day/night and weekday/weekend seasonality (UTC)."""
    hour = t.hour + t.minute / 60.0
    day = 0.15 + 0.85 * max(0.0, math.sin(math.pi * (hour - 6.0) / 17.0)) if 6 <= hour <= 23 \
        else 0.15
    weekend = 0.6 if t.weekday() >= 5 else 1.0
    return base * day * weekend


def everyday_traffic(s, start, end, base=0.9, answer=True):
    """Quiet traffic: everyday posts, questions and mild complaints; the brand answers."""
    for t in s.arrivals(start, end, lambda x: weekly_rate(x, base)):
        r = s.rng.random()
        if r < 0.70:
            s.mention(t, s.rng.choice(EVERYDAY), s.regular_author(),
                      shares=s.rng.choice([0, 0, 0, 1, 2]), needs_answer=True,
                      answer_within=timedelta(minutes=s.rng.randint(5, 45)) if answer else None)
        elif r < 0.85:
            s.mention(t, s.rng.choice(QUESTIONS), s.regular_author(), needs_answer=True,
                      answer_within=timedelta(minutes=s.rng.randint(5, 45)) if answer else None)
        else:
            s.mention(t, s.rng.choice(MILD_COMPLAINTS), s.regular_author(), needs_answer=True,
                      answer_within=timedelta(minutes=s.rng.randint(5, 45)) if answer else None)


def normal_queue(s, start, end, step_minutes=5):
    t = start
    while t < end:
        busy = weekly_rate(t, 1.0)
        s.queue(t, 60 + 120 * busy + s.rng.uniform(-15, 15), int(2 + 6 * busy), 30, 1)
        t += timedelta(minutes=step_minutes)


def quiet_week(path):
    s = Scenario("nordbank", 1)
    end = START + timedelta(days=7)
    everyday_traffic(s, START, end, base=0.7)
    normal_queue(s, START, end, step_minutes=10)
    s.write(path)


def campaign(path):
    s = Scenario("nordbank", 2)
    onset = START + timedelta(days=2, hours=12)  # Wed 12:00 UTC
    end = START + timedelta(days=3)
    everyday_traffic(s, START, end)
    normal_queue(s, START, end)
    for t in s.arrivals(onset, onset + timedelta(hours=2), lambda x: 12.0):
        s.mention(t, s.rng.choice(CAMPAIGN), f"c{s.rng.randint(1, 10**6)}",
                  shares=s.rng.randint(5, 200))
    s.write(path)


def outage(path):
    s = Scenario("telenova", 3)
    queue_onset = START + timedelta(days=2, hours=18)  # Wed 18:00 UTC
    storm_onset = queue_onset + timedelta(hours=1)
    recovery = queue_onset + timedelta(hours=3)
    end = START + timedelta(days=3)
    # The brand's team is swamped during the outage and answers nothing from 18:00 to 22:00.
    everyday_traffic(s, START, queue_onset)
    everyday_traffic(s, queue_onset, queue_onset + timedelta(hours=4), answer=False)
    everyday_traffic(s, queue_onset + timedelta(hours=4), end)
    t = START
    while t < end:
        busy = weekly_rate(t, 1.0)
        wait, waiting, abandoned = 60 + 120 * busy + s.rng.uniform(-15, 15), int(2 + 6 * busy), 1
        if queue_onset <= t < recovery:
            minutes_in = (t - queue_onset).total_seconds() / 60
            wait = min(2700.0, 150 + 30 * minutes_in)
            waiting = int(min(150, 8 + 2 * minutes_in))
            abandoned = min(25, 1 + int(minutes_in / 4))
        s.queue(t, wait, waiting, 30, abandoned)
        t += timedelta(minutes=1 if queue_onset - timedelta(hours=1) <= t < recovery + timedelta(hours=1) else 5)
    for t in s.arrivals(queue_onset + timedelta(minutes=10), recovery, lambda x: 2.5):
        s.mention(t, s.rng.choice(CONTACT_SEEKING), s.regular_author(), shares=1)

    def storm_rate(x):
        minutes_in = (x - storm_onset).total_seconds() / 60
        return min(30.0, 6.0 + minutes_in)  # ramps up to 30 posts a minute

    for t in s.arrivals(storm_onset, storm_onset + timedelta(minutes=90), storm_rate):
        s.mention(t, s.rng.choice(STORM), f"n{s.rng.randint(1, 10**6)}",
                  shares=s.rng.randint(5, 300))
    s.write(path)


def night(path):
    s = Scenario("telenova", 4)
    onset = START + timedelta(days=2, hours=21)  # Wed 21:00 UTC
    morning = START + timedelta(days=3, hours=7, minutes=30)
    end = START + timedelta(days=3, hours=10)
    everyday_traffic(s, START, onset)
    everyday_traffic(s, onset, morning, answer=False)
    everyday_traffic(s, morning, end)
    complaints = []
    for t in s.arrivals(onset, onset + timedelta(hours=4), lambda x: 0.25):
        complaints.append(s.mention(t, s.rng.choice(NIGHT_COMPLAINTS), s.regular_author()))
    # The morning shift answers the night's complaints from 07:30 on.
    for i, mid in enumerate(complaints):
        s.seq += 1
        r = {"id": f"ter{s.seq}", "source": "facebook", "brand": s.brand, "channel": "reply",
             "authorId": "telenova-care", "text": BRAND_REPLY,
             "createdAt": iso(morning + timedelta(minutes=i)), "inReplyTo": mid,
             "threadId": mid, "fromBrand": True}
        s.events.append((morning + timedelta(minutes=i), s.seq, {"mention": r}))
    normal_queue(s, START, end)
    s.write(path)


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios")
    os.makedirs(out, exist_ok=True)
    for name, make in [("quiet_week", quiet_week), ("campaign", campaign), ("outage", outage),
                       ("night", night)]:
        path = os.path.join(out, f"{name}.jsonl")
        make(path)
        size = os.path.getsize(path)
        assert size < 2 * 1024 * 1024, f"{path}: {size} bytes, keep it under 2 MB"
        print(f"{path}: {sum(1 for _ in open(path))} events, {size // 1024} KiB")


if __name__ == "__main__":
    main()
