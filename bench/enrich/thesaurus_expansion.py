#!/usr/bin/env python3
"""Measures lexicon expansion through LibreOffice's thesauri (bench/README.md, Enrichment).

A word the lexicon lacks gets the mean valence of its thesaurus synonyms that the lexicon has,
when at least MIN_KNOWN of them agree in sign and |mean| >= MIN_ABS, times a weight; the
expanded list replaces the shipped AFINN file of a copy of data/lexicons and is scored with
sentiment_tune (da on the Danish set, en on the English one; NoReC is never read).
The thesauri are Debian's mythes-da and mythes-en-us, not shipped:
  apt-get download mythes-da mythes-en-us && for f in mythes-*.deb; do dpkg-deb -x $f /tmp/th; done
  bench/enrich/thesaurus_expansion.py da /tmp/th/usr/share/mythes/th_da_DK.dat
  bench/enrich/thesaurus_expansion.py en /tmp/th/usr/share/mythes/th_en_US_v2.dat
"""
import collections
import os
import shutil
import subprocess
import sys
import tempfile

SETS = {'da': ('afinn/AFINN-da-32.txt', 'da_lcc'), 'en': ('afinn/AFINN-en-165.txt', 'en_tweeteval')}


def read_thesaurus(path):
    """head -> synonyms (single words), both directions."""
    raw = open(path, 'rb').read()
    encoding, _, body = raw.partition(b'\n')
    lines = body.decode(encoding.decode().strip(), errors='replace').split('\n')
    synonyms = collections.defaultdict(set)
    i = 0
    while i < len(lines):
        head, _, count = lines[i].rpartition('|')
        if not head or not count.isdigit():
            i += 1
            continue
        for meaning in lines[i + 1:i + 1 + int(count)]:
            for word in meaning.split('|')[1:]:
                word = word.split(' (')[0].strip().lower()
                if word and ' ' not in word and word != head.lower():
                    synonyms[head.lower()].add(word)
                    synonyms[word].add(head.lower())
        i += int(count) + 1
    return synonyms


def expand(lexicon, synonyms, min_known, weight, min_abs):
    out = {}
    for word, near in synonyms.items():
        if word in lexicon:
            continue
        known = [lexicon[s] for s in near if lexicon.get(s, 0) != 0]
        if len(known) < min_known or not (all(v > 0 for v in known) or all(v < 0 for v in known)):
            continue
        mean = sum(known) / len(known)
        if abs(mean) >= min_abs and round(mean * weight * 2) != 0:
            out[word] = round(mean * weight * 2) / 2
    return out


def main():
    lang, thesaurus = sys.argv[1], sys.argv[2]
    tune = os.path.join(sys.argv[3] if len(sys.argv) > 3 else 'build/enrich',
                        'bench/enrich/sentiment_tune')
    rel, row = SETS[lang]
    lexicon = {}
    for line in open('data/lexicons/' + rel, encoding='utf-8'):
        word, score = line.rstrip('\n').rsplit('\t', 1)
        lexicon[word] = float(score)
    synonyms = read_thesaurus(thesaurus)
    # Words the rules already give a role (stop word, negator, booster, contrast: "men" is
    # "but", not the noun "men", harm) are not expanded.
    for line in open(f'data/lexicons/rules/{lang}.txt', encoding='utf-8'):
        cols = line.rstrip('\n').split('\t')
        if len(cols) >= 2 and not line.startswith('#'):
            synonyms.pop(cols[1].lower(), None)
    tmp = tempfile.mkdtemp()

    def run(name, entries):
        lex = os.path.join(tmp, 'lexicons')
        shutil.rmtree(lex, ignore_errors=True)
        shutil.copytree('data/lexicons', lex)
        with open(os.path.join(lex, rel), 'w', encoding='utf-8') as f:
            for word, v in entries.items():
                f.write(f'{word}\t{v:g}\n')
        out = subprocess.run([tune, '--lexicons=' + lex], capture_output=True, text=True,
                             check=True).stdout
        cols = [l for l in out.splitlines() if row in l][0].split('|')
        print(f'{name:44s} macro-F1 {cols[4].strip()} neg. precision {cols[5].strip()} '
              f'neg. recall {cols[6].strip()}', flush=True)

    run('shipped', lexicon)
    for min_known in (1, 2, 3):
        for weight in (0.5, 1.0):
            for min_abs in (1.0, 2.0):
                added = expand(lexicon, synonyms, min_known, weight, min_abs)
                run(f'>= {min_known} known, x{weight}, |mean| >= {min_abs} (+{len(added)})',
                    {**lexicon, **added})
    shutil.rmtree(tmp)


if __name__ == '__main__':
    main()
