#!/usr/bin/env python3
"""Does a model trained on GoEmotions' Reddit comments add to the lexicon scorer on English?

GoEmotions (Demszky et al. 2020; google-research/google-research goemotions/data/train.tsv,
Apache-2.0 / CC BY 4.0) is mapped to sentiment with its own sentiment_dict.json: all emotions
positive -> positive, all negative -> negative, only "neutral" or only ambiguous ones
(surprise, curiosity, confusion, realization) -> neutral; mixed comments are left out.
Features are what the enricher sees: stormwatch's tokens and lexicon score
(`sentiment_tune --features`). Logistic regressions are trained on GoEmotions only and
measured on the English development set (en_tweeteval_val.jsonl); NoReC is never read.
Needs Debian's python3-sklearn; GoEmotions is not in this repository (not shipped):

  /usr/bin/python3 bench/enrich/goemotions_transfer.py --goemotions 'DIR/train*.tsv' \\
      --tune build/enrich/bench/enrich/sentiment_tune
Input lines: train.tsv ('text<TAB>ids<TAB>comment id') or 'ids<TAB>text'.
"""
import argparse
import glob
import json
import os
import subprocess
import tempfile

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, recall_score

POSITIVE = {0, 1, 4, 5, 8, 13, 15, 17, 18, 20, 21, 23}  # admiration, amusement, approval, ...
NEGATIVE = {2, 3, 9, 10, 11, 12, 14, 16, 19, 24, 25}    # anger, annoyance, disappointment, ...
POSITIVE_THRESHOLD, NEGATIVE_THRESHOLD = 0.3, -0.1      # SentimentParams defaults


def sentiment(ids):
    pos, neg = bool(ids & POSITIVE), bool(ids & NEGATIVE)
    if pos and neg:
        return None
    return "positive" if pos else "negative" if neg else "neutral"


def read_goemotions(pattern):
    rows = []
    for path in sorted(glob.glob(pattern)):
        for line in open(path, encoding="utf-8"):
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 3:
                text, ids = cols[0], cols[1]
            elif len(cols) == 2:
                ids, text = cols
            else:
                continue
            try:
                label = sentiment({int(x) for x in ids.split(",")})
            except ValueError:
                continue
            if label:
                rows.append((text, label))
    return rows


def featurize(tune, texts):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for t in texts:
            f.write(json.dumps({"text": t, "lang": "en"}) + "\n")
    try:
        out = subprocess.run([tune, f"--features={f.name}"], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    finally:
        os.unlink(f.name)
    docs = [json.loads(line) for line in out]
    assert len(docs) == len(texts), "sentiment_tune skipped lines"
    return [d["tokens"] for d in docs], np.array([d["score"] for d in docs])


def lexicon_features(scores):
    return csr_matrix(np.array([[s, abs(s), s >= POSITIVE_THRESHOLD, s <= NEGATIVE_THRESHOLD,
                                 s == 0] for s in scores], dtype=float))


def by_threshold(scores):
    return np.where(scores >= POSITIVE_THRESHOLD, "positive",
                    np.where(scores <= NEGATIVE_THRESHOLD, "negative", "neutral"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--goemotions", required=True)
    ap.add_argument("--tune", required=True)
    ap.add_argument("--sets", default="../shared/data/sentiment")
    args = ap.parse_args()
    rows = read_goemotions(args.goemotions)
    y_train = np.array([label for _, label in rows])
    tok_train, lex_train = featurize(args.tune, [t for t, _ in rows])
    dev = [json.loads(l) for l in open(f"{args.sets}/en_tweeteval_val.jsonl", encoding="utf-8")]
    y_dev = np.array([r["label"] for r in dev])
    tok_dev, lex_dev = featurize(args.tune, [r["text"] for r in dev])
    counts = {c: int((y_train == c).sum()) for c in ("negative", "neutral", "positive")}
    print(f"GoEmotions comments: {len(rows)} {counts}")

    def report(name, pred):
        print("| %s | %.3f | %.3f |" % (name, f1_score(y_dev, pred, average="macro"),
                                       recall_score(y_dev, pred, labels=["negative"],
                                                    average=None)[0]))
    print("| model (trained on GoEmotions) | en macro-F1 | en neg. recall |")
    print("|---|---|---|")
    report("lexicon scorer alone", by_threshold(lex_dev))
    words = CountVectorizer(analyzer=lambda toks: toks, min_df=3, binary=True)
    w_train, w_dev = words.fit_transform(tok_train), words.transform(tok_dev)
    x_train = hstack([lexicon_features(lex_train), w_train]).tocsr()
    x_dev = hstack([lexicon_features(lex_dev), w_dev]).tocsr()
    for c in (0.03, 0.1, 0.3, 1.0):
        model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
        report(f"tokens + lexicon features, C={c}", model.fit(x_train, y_train).predict(x_dev))
    for c in (0.1, 0.3):
        model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(w_train,
                                                                                    y_train)
        p = model.predict_proba(w_dev)
        for a in (0.2, 0.4, 1.0):
            report(f"lexicon score + {a} x (P(pos) - P(neg)) of a token model, C={c}",
                   by_threshold(lex_dev + a * (p[:, 2] - p[:, 0])))


if __name__ == "__main__":
    main()
