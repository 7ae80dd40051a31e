#!/usr/bin/env python3
"""Writes a large JSONL event file for the `stormwatch replay` throughput figure
(bench/README.md "Detectors and replay"): N mentions of 50 brands over event time, with
short realistic texts (English and Danish, some negative, questions, contact-seeking),
brand replies (every tenth event answers the oldest waiting question or complaint) and one
queue sample per brand and minute. Deterministic.

Usage: python3 bench/detectors/make_replay_input.py OUT.jsonl [N=1000000]
"""

import collections
import json
import random
import sys
from datetime import datetime, timedelta, timezone

NEEDS_ANSWER = {1, 2, 3, 5}  # question, complaint, contact-seeking (en, da)
TEXTS = [
    "Just switched my plan to {b}, all good so far",
    "Does {b} offer eSIM for the new phones?",
    "The {b} app is slow again today, annoying",
    "Been on hold with {b} for 40 minutes, can't get through",
    "Har lige fået nyt abonnement hos {b}, det kører fint",
    "Kan ikke komme igennem til {b} kundeservice, ingen svarer",
    "Tak for hurtig hjælp i butikken i dag, super service",
    "Great help from the {b} shop in Copenhagen today",
]


def main():
    out_path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    rng = random.Random(11)
    t = datetime(2026, 11, 2, tzinfo=timezone.utc)
    brands = [f"brand{i}" for i in range(50)]
    step = timedelta(milliseconds=20)  # 50 mentions per second of event time
    last_minute = None
    waiting = collections.deque()
    with open(out_path, "w") as out:
        for i in range(n):
            t += step
            minute = t.replace(second=0, microsecond=0)
            if minute != last_minute:
                last_minute = minute
                for b in brands:
                    out.write(json.dumps({"queueSample": {
                        "brand": b, "queueId": "support", "ts": minute.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "callsWaiting": rng.randint(0, 8), "longestWaitSeconds": rng.randint(40, 200),
                        "offered": 30, "abandoned": 1}}, separators=(",", ":")) + "\n")
            b = brands[rng.randrange(len(brands))]
            k = rng.randrange(len(TEXTS))
            if len(waiting) > 200 and k in NEEDS_ANSWER:  # the team keeps up: ~200 waiting
                k = rng.choice(sorted(set(range(len(TEXTS))) - NEEDS_ANSWER))
            m = {"id": f"m{i}", "source": "x", "brand": b, "channel": "post",
                 "authorId": f"u{rng.randrange(100000)}",
                 "text": TEXTS[k].format(b=b),
                 "createdAt": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                 "threadId": f"m{i}", "shares": rng.randint(0, 3)}
            if i % 10 == 9 and waiting:
                b, target = waiting.popleft()
                m.update({"brand": b, "fromBrand": True, "inReplyTo": target, "threadId": target,
                          "text": "Hi, we have sent you a DM."})
            elif k in NEEDS_ANSWER:
                waiting.append((b, m["id"]))
            out.write(json.dumps({"mention": m}, separators=(",", ":"), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
