#!/usr/bin/env python3
"""Language identification on the labelled sets: each line's text is sent to
`stormwatch sentiment` without its `lang` field, and the identified languages are counted
(the CLI's default language, used when the evidence is too weak, is en).

  python3 bench/enrich/langid_accuracy.py --bin build/release/pipeline/cli/stormwatch
"""
import collections

from sentiment_sets import parse_args, read_set, run_sentiment

SETS = ["da_lcc_dev.jsonl", "no_norec_dev.jsonl", "en_tweeteval_val.jsonl"]


def main():
    args = parse_args(__doc__)
    print("| set | n | identified as the set's language | da | no | sv | en |")
    print("|---|---|---|---|---|---|---|")
    for name in SETS:
        rows = read_set(args.sets, name)
        got = collections.Counter(o["lang"] for o in run_sentiment(args.bin, rows, False))
        want = rows[0]["lang"]
        print("| %s | %d | %.1f%% | %s |" % (name, len(rows), 100.0 * got[want] / len(rows),
                                           " | ".join(str(got[l]) for l in ("da", "no", "sv", "en"))))


if __name__ == "__main__":
    main()
