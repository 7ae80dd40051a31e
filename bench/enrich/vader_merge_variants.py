#!/usr/bin/env python3
"""Measures ways of merging VADER's English word list with AFINN (bench/README.md, Enrichment).

Each variant is written as the English AFINN file of a copy of data/lexicons and scored with
sentiment_tune --lexicons; prints en macro-F1 and negative recall only (NoReC is not read for
choosing). VADER's list is not shipped: take vader_lexicon.txt from `npm pack vader-sentiment`.
  bench/enrich/vader_merge_variants.py <vader_lexicon.txt> [build/enrich]   (from the repo root)
"""
import sys

from afinn_variants import EnglishVariantRunner, read_afinn_en

VADER_TO_AFINN = 1.25  # VADER rates -4..+4, AFINN -5..+5


def main():
    vader_path = sys.argv[1]
    build = sys.argv[2] if len(sys.argv) > 2 else 'build/enrich'
    afinn = read_afinn_en()
    vader = []
    for line in open(vader_path, encoding='utf-8'):
        cols = line.rstrip('\n').split('\t')
        # Numbers are slang codes ("143", "187"); emoticons are shipped separately.
        if cols[0].isdigit() or not cols[0][0].isalpha():
            continue
        vader.append((cols[0], float(cols[1]) * VADER_TO_AFINN, float(cols[2])))

    def merged(fill=1.0, common=None, min_abs=0.0, max_sd=99.0, sign=0, keep_afinn=True):
        out = dict(afinn) if keep_afinn else {}
        for word, v, sd in vader:
            if abs(v) < min_abs * VADER_TO_AFINN or sd > max_sd or (sign and v * sign < 0):
                continue
            if keep_afinn and word in afinn:
                if common == 'average':
                    out[word] = (afinn[word] + v) / 2
                elif common == 'vader':
                    out[word] = v
            elif fill:
                out[word] = v * fill
        return out

    runner = EnglishVariantRunner(build)
    run = runner.run

    run('AFINN (shipped)', dict(afinn))
    run('fill missing', merged())
    run('fill + average where both', merged(common='average'))
    run('fill + VADER where both', merged(common='vader'))
    run('average where both, no fill', merged(fill=0, common='average'))
    run('VADER where both, no fill', merged(fill=0, common='vader'))
    for w in (0.3, 0.5, 0.7):
        run(f'fill at weight {w}', merged(fill=w))
    for m in (1, 1.5, 2, 2.5):
        run(f'fill |mean| >= {m}', merged(min_abs=m))
    for sd in (0.5, 0.7, 0.9):
        run(f'fill std <= {sd}', merged(max_sd=sd))
    run('fill positive only', merged(sign=1))
    run('fill negative only', merged(sign=-1))
    run('VADER instead of AFINN', merged(keep_afinn=False))
    for t in (-0.2, -0.3, -0.4):
        run(f'fill, negative_threshold={t}', merged(), [f'negative_threshold={t}',
                                                        'positive_threshold=0.4'])
    runner.close()


if __name__ == '__main__':
    main()
