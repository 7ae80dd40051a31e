"""Scores a variant of the English AFINN list on the English development set.

Shared by the lexicon-merge experiments (vader_merge_variants.py,
pattern_merge_variants.py): each variant is written as the English AFINN file of a copy of
data/lexicons and scored with sentiment_tune --lexicons. Only the en row is read (NoReC is
never read for choosing). Run from the repository root.
"""
import os
import shutil
import subprocess
import tempfile

AFINN_EN = 'data/lexicons/afinn/AFINN-en-165.txt'


def read_afinn_en():
    afinn = {}
    for line in open(AFINN_EN, encoding='utf-8'):
        word, score = line.rstrip('\n').rsplit('\t', 1)
        afinn[word] = float(score)
    return afinn


class EnglishVariantRunner:
    def __init__(self, build='build/enrich'):
        self.tune = os.path.join(build, 'bench/enrich/sentiment_tune')
        self.tmp = tempfile.mkdtemp()

    def run(self, name, lexicon, params=()):
        lex = os.path.join(self.tmp, 'lexicons')
        shutil.rmtree(lex, ignore_errors=True)
        shutil.copytree('data/lexicons', lex)
        with open(os.path.join(lex, 'afinn/AFINN-en-165.txt'), 'w', encoding='utf-8') as f:
            for word, v in lexicon.items():
                f.write(f'{word}\t{v:g}\n')
        out = subprocess.run([self.tune, '--lexicons=' + lex, *params], capture_output=True,
                             text=True, check=True).stdout
        cols = [l for l in out.splitlines() if 'en_tweeteval' in l][0].split('|')
        print(f'{name:44s} en macro-F1 {cols[4].strip()} neg. recall {cols[6].strip()}',
              flush=True)

    def close(self):
        shutil.rmtree(self.tmp)
