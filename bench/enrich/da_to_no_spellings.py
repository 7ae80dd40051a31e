#!/usr/bin/env python3
"""Norwegian spellings of AFINN-da words that the Norwegian lists lack, for
data/lexicons/rules/no.txt (development tool; its output was checked by hand and pasted).

Danish and Norwegian Bokmål differ in regular spelling correspondences: æ -> e (hjælp/hjelp),
øj -> øy, ej -> ei, -hed -> -het, -ligt -> -lig, b/d/g after a vowel -> p/t/k (købe/kjøpe,
bidende/bitende, frygt/frykt), initial k/sk before a front vowel -> kj/skj (kær/kjær). Each
AFINN-da word that is neither in AFINN-no nor in rules/no.txt nor spelled the same in Norwegian
is rewritten with every combination of these; a rewrite is kept when Debian's Norwegian word
lists (wnorwegian: /usr/share/dict/bokmaal, nynorsk) hold it. DROPPED lists the rewrites that a
reading by hand rejected: false friends ("skjørt" is a skirt, "trettende" thirteenth, "ulike"
different, "verdikt" a verdict), words that are not what the Danish one means, and neutral or
rare words. Nothing here reads NoReC.

  python3 bench/enrich/da_to_no_spellings.py > /tmp/no_from_da.txt
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VOWELS = "aeiouyæøå"
CORRESPONDENCES = [
    (r"æ", "e"), (r"øj", "øy"), (r"ej", "ei"), (r"hed(?=$|en$|er$|erne$)", "het"),
    (r"ligt$", "lig"), (rf"(?<=[{VOWELS}])b", "p"), (rf"(?<=[{VOWELS}])d", "t"),
    (rf"(?<=[{VOWELS}])g", "k"), (r"^k(?=[eiyæø])", "kj"), (r"^sk(?=[eiyæø])", "skj"),
    (r"aa", "å"),
]
DROPPED = set("""
akte aktet bleser fei fet flytende grete heger hit imot kjed kjeder kjer kjærest knups lukter
nækte premiere radikale slok spake spendende spendt stedig skjør skjøreste skjørt sleper tape
teve tever trek trekke trekkes trettende ulike utskyte utretter veve verdikt verner økede økete
vedtake voldtake godtake fritake fritaket foregripelse forgapelse forkleder forkledt forlike
forplikte freidig menneskelig menneskelik myndighet pålegges severdigheter skyteskive
skoletrette smaksdommere tilbaketog tilbaketrekning tillater understrekede understrekete
utdrive utelukket utnevnt venlig likevekt likevekten livsviktig drenet fordragelighet frivillig
høylig kjemper kjempede kjempete krevede krevete motstander motstandere motstanderen nedlegge
nedlegger nedlegges nøyeregnende nøyereknende overvekten tilbakeholde tilbakeholdelse
tilbakeholdt ufrivillig utfordringen utforskninger veldekkede veldekket veldekkete velhengt
verdistigning verdistigningen utsatte
""".split())


def words(path, encoding):
    with open(path, encoding=encoding) as f:
        return {w.strip().lower() for w in f}


def rewrites(word):
    out = {word}
    for pattern, replacement in CORRESPONDENCES:
        new = set()
        for w in out:
            matches = list(re.finditer(pattern, w))
            for m in matches:
                new.add(w[:m.start()] + replacement + w[m.end():])
            if len(matches) > 1:
                new.add(re.sub(pattern, replacement, w))
        out |= new
    return out - {word}


def main():
    norwegian = words("/usr/share/dict/bokmaal", "latin-1") | words("/usr/share/dict/nynorsk",
                                                                   "latin-1")
    lexicons = ROOT / "data/lexicons"
    afinn_no = json.loads((lexicons / "multilang/AFINN-no.json").read_text(encoding="utf-8"))
    rules_no = {line.split("\t")[1] for line in
                (lexicons / "rules/no.txt").read_text(encoding="utf-8").splitlines()
                if "\t" in line and not line.startswith("#")}
    known = set(afinn_no) | rules_no
    out = {}
    for line in (lexicons / "afinn/AFINN-da-32.txt").read_text(encoding="utf-8").splitlines():
        word, score = line.rsplit("\t", 1)
        if " " in word or word in known or word in norwegian:
            continue
        for w in sorted(rewrites(word)):
            if w in norwegian and w not in known and w not in DROPPED:
                out.setdefault(w, (int(score), word))
    for w, (score, danish) in sorted(out.items()):
        sys.stdout.write(f"valence\t{w}\t{score}\n")
    print(f"{len(out)} Norwegian spellings", file=sys.stderr)


if __name__ == "__main__":
    main()
