"""A bilingual dictionary as alignment evidence: glossary terms become features both sides share.

Shared Han characters cannot see a pair like 附件 / 付属文書 or 批复 / 回答, and the lexicon
learned from the document (lexicon.py) only knows words it saw in pairs it was sure of.
A short paragraph made of such words (附件 as a heading, 现批复如下 split off its sentence)
then looks unrelated to the paragraph it belongs with, and the search prefers to call it
unmatched. hunalign's answer is a dictionary; the package already ships one for its domain,
the default glossary, so each of its terms becomes one feature (`#d` + the folded Chinese
term) present in a Chinese segment holding the term and in a Japanese segment holding any
of its renderings. The search scores it like any shared character. (Features are integers:
the term's key is keys.key_of of that name.)

Texts and terms are compared after the same folding as the other features (NFKC, both
scripts onto simplified Chinese), with middle dots and spaces ignored.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ..lang.script import fold, nfkc
from .bags import Bag
from .keys import key_of

PREFIX = "#d"
_SEP = "\n"
_IGNORED = str.maketrans("", "", "・･ \u3000")
# The same deletion as one regex pass: str.translate with a table looks up every character.
_IGNORED_RX = re.compile("[・･ \u3000]")


def _norm(text: str, lang: str) -> str:
    return fold(nfkc(text), lang).translate(_IGNORED)


class Dictionary:
    """Chinese term -> Japanese renderings, matched as features (one key per Chinese term)."""

    def __init__(self, pairs: list[tuple[str, tuple[str, ...]]]):
        self.keys: dict[str, dict[str, list[int]]] = {"zh": {}, "ja": {}}
        for zh, renderings in pairs:
            z = _norm(zh, "zh")
            # One character is too ambiguous to be evidence (金 in 金融, 黄金, 资金).
            if len(z) < 2:
                continue
            key = key_of(PREFIX + z)
            self.keys["zh"].setdefault(z, []).append(key)
            for r in renderings:
                j = _norm(r, "ja")
                if len(j) >= 2 and key not in self.keys["ja"].get(j, ()):
                    self.keys["ja"].setdefault(j, []).append(key)
        self._rx = {lang: re.compile(_trie_pattern(terms)) for lang, terms in self.keys.items() if terms}
        self._index = {lang: _TermIndex(terms) for lang, terms in self.keys.items() if terms}

    def __len__(self) -> int:
        return len(self.keys["zh"])

    def counts(self, texts: list[str], lang: str) -> list[Bag | None]:
        """Dictionary feature counts of each text (None where no term occurs)."""
        if self._rx.get(lang) is None or not texts:
            return [None] * len(texts)
        folded = fold(_SEP.join(nfkc(t) for t in texts), lang)
        if folded.count(_SEP) != len(texts) - 1:  # a text held the separator: one by one
            folded_texts = [fold(nfkc(t), lang) for t in texts]
        else:
            folded_texts = folded.split(_SEP)
        return [_bag(keys) if keys else None for keys in self.term_keys(folded_texts, lang)]

    def term_keys(self, folded: list[str], lang: str) -> list[list[int]]:
        """The term keys found in each text already normalised and folded (fold(nfkc(text), lang)).

        A term found twice gives its key twice. split_features has every sentence folded
        already and builds the counts with the sentence's other features.
        """
        rx = self._rx.get(lang)
        if rx is None or not folded:
            return [[] for _ in folded]
        table = self.keys[lang]
        joined = _SEP.join(folded)
        if joined.count(_SEP) != len(folded) - 1:  # a text held the separator: one by one
            return [[key for h in rx.findall(f.translate(_IGNORED)) for key in table[h]] for f in folded]
        # One deletion pass and one search over the document (no term holds the separator,
        # so none spans two texts).
        out: list[list[int]] = [[] for _ in folded]
        for text, term in self._index[lang].find(_IGNORED_RX.sub("", joined), rx):
            out[text].extend(table[term])
        return out


def _bag(keys: list[int]) -> Bag:
    """The bag of some term keys (a few per text: counted in Python)."""
    counts: dict[int, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    return Bag.from_counts(counts)


@lru_cache(maxsize=1)
def default() -> Dictionary:
    """The bundled default glossary (aligner/glossaries/default.csv) as a dictionary."""
    from ..glossary import DEFAULT_GLOSSARY, load_glossary
    return Dictionary([(t.zh, t.ja) for t in load_glossary(DEFAULT_GLOSSARY).terms])


def add(raws: list[Bag], terms: list[Bag | None]) -> list[Bag]:
    """Raw counts with the dictionary counts added (new bags only where a term occurs)."""
    return [r if t is None else r.plus(t) for r, t in zip(raws, terms)]


class _TermIndex:
    """Terms by length and rolling hash, to find them all with array operations.

    A walk down the terms' prefix tree, for every place of the document at once: the places
    where a term's first two characters stand are followed one character further at a time
    while the text read so far (by its hash) is the beginning of some term, and the longest
    length at which it is a whole term is what the trie regex matches there. Hits are then
    taken from left to right, each after the end of the last, as findall takes them; each
    is checked against the term itself (a hash collision falls back to the regex).
    """

    def __init__(self, terms):
        self.terms = set(terms)
        self.heads = np.unique(np.array([ord(t[0]) << 21 | ord(t[1]) for t in terms], dtype=np.int64))
        # Which characters open a term, by code point: most places are ruled out by one lookup.
        self.first = np.zeros(0x110000, dtype=bool)
        self.first[[ord(t[0]) for t in terms]] = True
        prefixes: dict[int, set[int]] = {}
        whole: dict[int, set[int]] = {}
        for t in terms:
            h = 0
            for n, ch in enumerate(t, 1):
                h = (h * _BASE + ord(ch)) & _MASK
                prefixes.setdefault(n, set()).add(h)
            whole.setdefault(len(t), set()).add(h)
        self.prefixes = {n: _ascending(hs) for n, hs in prefixes.items()}
        self.whole = {n: _ascending(hs) for n, hs in whole.items()}
        self.longest = max(whole)

    def find(self, doc: str, rx: re.Pattern) -> list[tuple[int, str]]:
        """(text number, term) of every hit of rx.findall in texts joined by the separator."""
        cp = np.frombuffer(doc.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        if len(cp) < 2:
            return []
        places = np.flatnonzero(self.first[cp[:-1]])
        places = places[_among(cp[places] << 21 | cp[places + 1], self.heads)]
        length = np.zeros(len(places), dtype=np.int64)
        ucp = cp.astype(np.uint64)
        alive = np.arange(len(places))
        h = ucp[places] * np.uint64(_BASE) + ucp[places + 1]
        for n in range(2, self.longest + 1):
            if n > 2:
                start = places[alive]
                inside = start + n <= len(cp)
                alive, h = alive[inside], h[inside]
                h = h * np.uint64(_BASE) + ucp[places[alive] + n - 1]
            signed = h.view(np.int64)
            whole = self.whole.get(n)
            if whole is not None:
                length[alive[_among(signed, whole)]] = n
            going = _among(signed, self.prefixes[n])
            alive, h = alive[going], h[going]
            if len(alive) == 0:
                break
        found = np.flatnonzero(length)
        texts = np.cumsum(cp == ord(_SEP))[places[found]].tolist()
        hits = []
        end = 0
        for p, n, text in zip(places[found].tolist(), length[found].tolist(), texts):
            if p < end:
                continue
            term = doc[p:p + n]
            if term not in self.terms:  # a hash collision: ask the regex
                m = rx.match(doc, p)
                if not m:
                    continue
                term = m.group()
            hits.append((text, term))
            end = p + len(term)
        return hits


_BASE = 0x9E3779B97F4A7C15  # odd: the rolling hash keeps every character's trace
_MASK = (1 << 64) - 1


def _ascending(hashes: set[int]) -> np.ndarray:
    """Hashes as signed 64-bit integers, ascending (the bit patterns the arrays hold)."""
    return np.sort(np.array(list(hashes), dtype=np.uint64).view(np.int64))


def _among(values: np.ndarray, ascending: np.ndarray) -> np.ndarray:
    at = np.minimum(np.searchsorted(ascending, values), len(ascending) - 1)
    return ascending[at] == values


def _trie_pattern(terms) -> str:
    """One regular expression for many literal terms, as a prefix tree.

    A flat alternation tries every term at every position; the tree tries one branch per
    character. The longer term wins where two start at the same place (海关总署, not 海关).
    """
    tree: dict = {}
    for term in terms:
        node = tree
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)
