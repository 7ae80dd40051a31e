"""Shared by the enrichment scripts in bench/enrich: reading a labelled set of
../shared/data/sentiment and running `stormwatch sentiment` on texts."""
import argparse
import json
import subprocess


def parse_args(description):
    """--bin (the stormwatch binary) and --sets (the folder of the labelled sets)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--bin", required=True, help="path of the stormwatch binary")
    ap.add_argument("--sets", default="../shared/data/sentiment")
    return ap.parse_args()


def read_set(sets_dir, name):
    """The lines of one labelled set: dicts with text, lang and label."""
    with open(f"{sets_dir}/{name}", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def run_sentiment(binary, rows, with_lang=True):
    """`stormwatch sentiment` on each row's text (and lang, unless with_lang is false)."""
    lines = "".join(json.dumps({"text": r["text"], **({"lang": r["lang"]} if with_lang else {})})
                    + "\n" for r in rows)
    out = subprocess.run([binary, "sentiment"], input=lines, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    return [json.loads(o) for o in out]
