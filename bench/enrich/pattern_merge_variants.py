#!/usr/bin/env python3
"""Measures ways of adding Pattern's English adjective lexicon to AFINN (bench/README.md,
Enrichment). Pattern's en-sentiment.xml (De Smedt & Daelemans, PDDL) rates ~2,900 word senses
with a polarity (-1..+1) and a subjectivity (0..1); its forms are averaged over their senses.
Variants: Pattern's words that AFINN lacks, scaled to AFINN's -5..+5 and filtered by |polarity|
and subjectivity; and AFINN words that Pattern calls objective, weakened. Prints en macro-F1
and negative recall only. The lexicon is not shipped; take it from Debian's python3-pattern:
  apt-get download python3-pattern && dpkg-deb -x python3-pattern_*.deb /tmp/pattern
  bench/enrich/pattern_merge_variants.py \
    /tmp/pattern/usr/lib/python3/dist-packages/pattern/text/en/en-sentiment.xml [build/enrich]
"""
import collections
import sys
from xml.etree import ElementTree

from afinn_variants import EnglishVariantRunner, read_afinn_en


def read_pattern(path):
    senses = collections.defaultdict(list)
    for e in ElementTree.parse(path).getroot():
        if e.tag == 'word':
            senses[e.get('form').lower()].append(
                (float(e.get('polarity')), float(e.get('subjectivity'))))
    return {w: (sum(p for p, _ in v) / len(v), sum(s for _, s in v) / len(v))
            for w, v in senses.items() if ' ' not in w}


def main():
    pattern = read_pattern(sys.argv[1])
    runner = EnglishVariantRunner(sys.argv[2] if len(sys.argv) > 2 else 'build/enrich')
    afinn = read_afinn_en()
    print(f'{len(pattern)} Pattern forms, {sum(w not in afinn for w in pattern)} not in AFINN')
    runner.run('AFINN (shipped)', afinn)
    for scale in (2, 3, 5):
        for min_polarity in (0.0, 0.2, 0.4):
            for min_subjectivity in (0.0, 0.5):
                lexicon = dict(afinn)
                for w, (p, s) in pattern.items():
                    if w not in afinn and abs(p) >= min_polarity and s >= min_subjectivity \
                            and round(p * scale * 2) != 0:
                        lexicon[w] = round(p * scale * 2) / 2
                runner.run(f'fill x{scale}, |p| >= {min_polarity}, subj >= {min_subjectivity}',
                           lexicon)
    for max_subjectivity in (0.2, 0.35, 0.5):
        for factor in (0.0, 0.5):
            lexicon = dict(afinn)
            for w, (p, s) in pattern.items():
                if w in afinn and s <= max_subjectivity:
                    lexicon[w] = afinn[w] * factor
            runner.run(f'AFINN x{factor} where subj <= {max_subjectivity}', lexicon)
    runner.close()


if __name__ == '__main__':
    main()
