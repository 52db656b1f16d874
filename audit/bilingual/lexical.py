"""Which source words a target renders: a lexical alignment of one segment pair.

Evidence, strongest first: the same number or name, a dictionary translation (either direction, by
surface form or lemma; a German compound also by its head), a cognate (folded, suffix-normalised), the
same token. Every source word gets the target words that render it; nothing is forced one-to-one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from audit.bilingual.dictionary import BilingualDictionary, base_language, bilingual_dictionary
from audit.bilingual.words import Word, are_cognates, fold_accents, tokenize

NUMBER = "number"
SAME = "identical"
DICTIONARY = "dictionary"
COGNATE = "cognate"


@dataclass(frozen=True)
class Link:
    source: int  # index into Alignment.source
    target: int  # index into Alignment.target
    evidence: str


@dataclass
class Alignment:
    """The words of both sides and the links between them."""

    source: list[Word]
    target: list[Word]
    links: list[Link] = field(default_factory=list)

    def targets_of(self, i: int) -> list[Link]:
        return [link for link in self.links if link.source == i]

    def sources_of(self, j: int) -> list[Link]:
        return [link for link in self.links if link.target == j]

    def source_linked(self) -> set[int]:
        return {link.source for link in self.links}

    def target_linked(self) -> set[int]:
        return {link.target for link in self.links}

    def coverage(self, side: str) -> float:
        """The share of content words and numbers on `side` ("source" or "target") that are linked."""
        words = self.source if side == "source" else self.target
        linked = self.source_linked() if side == "source" else self.target_linked()
        content = [i for i, w in enumerate(words) if w.is_content or w.is_number]
        return sum(i in linked for i in content) / len(content) if content else 1.0


def number_readings(token: str) -> frozenset[float]:
    """The values a digit string can mean in either decimal convention ("1.500" is 1500 or 1.5; "1,2" is 1.2)."""
    plain = re.sub(r"[\u00a0\u202f ]", "", token)
    values = set()
    for decimal, group in ((".", ","), (",", ".")):
        whole, _, fraction = plain.partition(decimal)
        groups = whole.split(group)
        if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
            continue
        if group in fraction or decimal in fraction:
            continue
        try:
            values.add(float("".join(groups) + ("." + fraction if fraction else "")))
        except ValueError:
            pass
    return frozenset(values)


def _compound_translations(entries: dict[str, frozenset[str]], word: Word) -> frozenset[str]:
    """Translations of a German compound's head and modifier (Kurzarbeit → Arbeit, kurz)."""
    folded = word.lemma.casefold()
    found: frozenset[str] = frozenset()
    for cut in range(3, len(folded) - 3):
        head, modifier = folded[cut:], folded[:cut]
        if head in entries and len(head) >= 4:
            found |= entries[head]
            found |= entries.get(modifier, frozenset()) | entries.get(modifier.rstrip("s"), frozenset())
            break
    return found


def source_translations(bidict: BilingualDictionary, word: Word, lang: str) -> frozenset[str]:
    """What the forward dictionary says a source word means (a compound's parts when it has no entry)."""
    found = bidict.source_translations(*word.forms)
    if not found and lang == "de":
        found = _compound_translations(bidict.to_target, word)
    return found


def _dictionary_link(bidict: BilingualDictionary, s: Word, t: Word, s_translations: frozenset[str], src: str) -> bool:
    if any(form in s_translations for form in t.forms):
        return True
    back = bidict.target_translations(*t.forms)
    return any(form in back for form in s.forms)


def link_evidence(s: Word, t: Word, src: str, tgt: str, bidict: BilingualDictionary | None,
                  s_translations: frozenset[str]) -> str | None:
    """Why target word `t` renders source word `s`, or None."""
    if s.is_number or t.is_number:
        return NUMBER if s.is_number and t.is_number and number_readings(s.text) & number_readings(t.text) else None
    if fold_accents(s.text) == fold_accents(t.text):
        return SAME
    if bidict is not None and _dictionary_link(bidict, s, t, s_translations, src):
        return DICTIONARY
    if (s.is_content and t.is_content) and (are_cognates(s.text, src, t.text, tgt) or are_cognates(s.lemma, src, t.lemma, tgt)):
        return COGNATE
    return None


def align(source: str, target: str, src_lang: str, tgt_lang: str) -> Alignment:
    """The lexical alignment of one segment pair (dictionaries used when installed for the pair)."""
    src, tgt = base_language(src_lang) or "", base_language(tgt_lang) or ""
    bidict = bilingual_dictionary(src, tgt)
    alignment = Alignment(tokenize(source, src), tokenize(target, tgt))
    for i, s in enumerate(alignment.source):
        s_translations = source_translations(bidict, s, src) if bidict is not None else frozenset()
        for j, t in enumerate(alignment.target):
            if s.is_function != t.is_function and not (s.is_number or t.is_number):
                continue  # a function word renders a function word, a content word a content word
            evidence = link_evidence(s, t, src, tgt, bidict, s_translations)
            if evidence:
                alignment.links.append(Link(i, j, evidence))
    return alignment


@lru_cache(maxsize=4096)
def cached_alignment(source: str, target: str, src_lang: str, tgt_lang: str) -> Alignment:
    """`align`, remembered for the few rules that read the same pair."""
    return align(source, target, src_lang, tgt_lang)
