#!/usr/bin/env python3
"""How far a model trained on a development set gets beyond the lexicon scorer.

Reads ../shared/data/sentiment/{da_lcc_dev,en_tweeteval_val}.jsonl (development sets; NoReC is
evaluation-only and never read here), scores each line with `stormwatch sentiment`, and runs
10-fold cross-validation of logistic regressions trained on the folds:
  A: the scorer's score and a few surface features (length, '!', '?', URL, @, #),
  B: A plus a bag of words (tokens seen in >= 2 texts).
Every figure is on held-out folds. Needs Debian's python3-sklearn (not a stormwatch
dependency: `apt-get install python3-sklearn`), run with /usr/bin/python3:
  /usr/bin/python3 bench/enrich/supervised_ceiling.py --bin build/release/pipeline/cli/stormwatch
"""

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from sentiment_sets import parse_args, read_set, run_sentiment

SETS = ["da_lcc_dev.jsonl", "en_tweeteval_val.jsonl"]


def surface(row, pred):
    t, s = row["text"], pred["score"]
    return [s, abs(s), s > 0.3, s < -0.1, s == 0, len(t.split()) / 20, "!" in t, "?" in t,
            "http" in t, "@" in t, "#" in t]


def figures(y, pred):
    return (f1_score(y, pred, average="macro"),
            recall_score(y, pred, labels=["negative"], average=None)[0])


def main():
    args = parse_args(__doc__)
    print("| set | model | macro-F1 | neg. recall |")
    print("|---|---|---|---|")
    for name in SETS:
        rows = read_set(args.sets, name)
        preds = run_sentiment(args.bin, rows)
        y = np.array([r["label"] for r in rows])
        print("| %s | lexicon scorer | %.3f | %.3f |" % ((name,) + figures(y, [p["label"] for p in preds])))
        x = csr_matrix(np.array([surface(r, p) for r, p in zip(rows, preds)], dtype=float))
        words = CountVectorizer(min_df=2, token_pattern=r"[\w']+|[^\w\s]").fit_transform(
            [r["text"] for r in rows])
        folds = StratifiedKFold(10, shuffle=True, random_state=0)
        for label, features, cs in (("A: score + surface", x, (0.1, 1, 10)),
                                    ("B: A + bag of words", hstack([x * 3, words]).tocsr(),
                                     (0.1, 0.3, 1))):
            best = None
            for c in cs:
                model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
                f = figures(y, cross_val_predict(model, features, y, cv=folds))
                if best is None or f[0] > best[1][0]:
                    best = (c, f)
            print("| %s | %s (best C=%g) | %.3f | %.3f |" % (name, label, best[0], *best[1]))


if __name__ == "__main__":
    main()
