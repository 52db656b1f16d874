"""Source words no target word renders (omissions) and target words that render no source word
(additions), read off a lexical alignment.

A word that aligns to nothing is most often a paraphrase the dictionary does not know, so an unaligned
word alone says little. What tells a dropped word from a reworded one is whether the other side has room
for its rendering: in a paraphrase some content word of the other side is unaligned too (the rendering
the dictionary does not know); after an omission every content word of the other side renders something
else, so the unaligned words of one side outnumber the other side's. The place where the word belongs is
next to the rendering of its nearest aligned neighbour.

Measured on DEMETR (bench/bilingual_omission.py), only lost names separate perturbed from clean MT well
enough to report (BL005, `omitted_names`); the gaps of dictionary words, and additions, are kept for
measuring and are read by no rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

from audit.bilingual.dictionary import BilingualDictionary, bilingual_dictionary
from audit.bilingual.lexical import Alignment, cached_alignment, source_translations
from audit.bilingual.words import Word, cached_words, cognate_similarity, fold_accents

NAME_SIMILARITY = 0.6
NAME = "name"
WORD = "word"


@dataclass(frozen=True)
class Gap:
    """One unrendered word, where its rendering belongs on the other side, and the segment's evidence."""

    word: Word  # the unrendered word (a source word for an omission, a target word for an addition)
    kind: str  # NAME or WORD
    at: int  # character offset on the other side where the word belongs (an omission's zero-width span)
    bracketed: bool  # both nearest neighbours are rendered by words with no content word between them
    unrendered: int  # known content words of the word's side that render nothing (this one included)
    free: int  # content words of the other side that render nothing
    coverage: float  # the share of the side's other content words that are linked

    @property
    def surplus(self) -> int:
        """How many more words are unrendered on this side than could render them on the other."""
        return self.unrendered - self.free


def _content(words: list[Word]) -> list[int]:
    return [i for i, w in enumerate(words) if w.is_content or w.is_number]


def _partners(alignment: Alignment, side: str) -> dict[int, set[int]]:
    """For each linked word on `side`, the indices of the words it is linked to on the other side."""
    found: dict[int, set[int]] = {}
    for link in alignment.links:
        mine, theirs = (link.source, link.target) if side == "source" else (link.target, link.source)
        found.setdefault(mine, set()).add(theirs)
    return found


def _closest_pair(left: set[int], right: set[int], other: list[Word]) -> tuple[int, int, bool] | None:
    """Words a (of `left`) and b (of `right`) on the other side with a < b as close as can be, and
    whether no content word stands between them."""
    pairs = sorted((b - a, a, b) for a in left for b in right if a < b)
    if not pairs:
        return None
    _, a, b = pairs[0]
    return a, b, not any(w.is_content or w.is_number for w in other[a + 1:b])


def _after(other: list[Word], a: int, skip: int, text_end: int) -> int:
    """The offset after other[a] and up to `skip` function words that follow it (a missing word comes
    after its article or preposition as it does in the source), never past the next content word."""
    x = a
    while skip and x + 1 < len(other) and not (other[x + 1].is_content or other[x + 1].is_number):
        x, skip = x + 1, skip - 1
    return min(other[x].end + 1, other[x + 1].start if x + 1 < len(other) else text_end)


def _place(words: list[Word], other: list[Word], i: int, content: list[int], partners: dict[int, set[int]],
           text_end: int) -> tuple[int, bool]:
    """Where on the other side the word at `i` belongs: after the rendering of its nearest rendered
    content neighbour to the left and as many function words as stand between them in the source
    (before the rendering of the right neighbour at a sentence start), with whether the renderings of
    both neighbours are adjacent."""
    k = content.index(i)
    left = next((content[m] for m in range(k - 1, -1, -1) if content[m] in partners), None)
    right = next((content[m] for m in range(k + 1, len(content)) if content[m] in partners), None)
    skip = i - left - 1 if left is not None else 0
    if left is not None and right is not None:
        pair = _closest_pair(partners[left], partners[right], other)
        if pair is not None:
            a, b, adjacent = pair
            return _after(other, a, skip, text_end), adjacent
    if left is not None:
        return _after(other, min(partners[left]), skip, text_end), False
    if right is not None:
        b = min(partners[right])
        return (0 if b == min(_content(other) or [b]) else other[b].start), False
    return 0, False


def _has_look_alike(word: Word, lang: str, other: list[Word], other_lang: str) -> bool:
    """Whether a word of the other side looks like `word` (the same first four letters once folded, or
    loosely alike)."""
    folded = fold_accents(word.text)
    return any(fold_accents(w.text)[:4] == folded[:4]
               or cognate_similarity(word.text, lang, w.text, other_lang) >= NAME_SIMILARITY
               for w in other if not w.is_number)


def _keeps_form(word: Word, lang: str, translations: frozenset[str], other_lang: str) -> bool:
    """Whether one of a word's translations is spelt like it (París → paris)."""
    folded = fold_accents(word.text)
    return any(fold_accents(t)[:4] == folded[:4] and cognate_similarity(word.text, lang, t, other_lang) >= 0.8
               for t in translations if " " not in t)


def _in_translated_name(words: list[Word], i: int, lang: str, other_lang: str,
                        meanings: Callable[[Word], frozenset[str]] | None) -> bool:
    """Whether a word at most two away from words[i] is a capitalised word the dictionary translates into
    another form: they are one name translated as a whole (Regno Unito: UK, Nazioni Unite: United Nations)."""
    if meanings is None:
        return False
    for j in (i - 2, i - 1, i + 1, i + 2):  # La Vache qui Rit: Laughing Cow
        if 0 <= j < len(words) and words[j].text[:1].isupper() and not words[j].is_function:
            translations = meanings(words[j])
            if translations and not _keeps_form(words[j], lang, translations, other_lang):
                return True
    return False


def _name_like(word: Word, lang: str) -> bool:
    """A name: capitalised away from a sentence start, not an acronym (German capitalises every noun, so
    its names are not told apart)."""
    return word.is_name and not word.text.isupper()  # an acronym is translated as often as not (ONU, UN)


def gaps(alignment: Alignment, side: str, lang: str, other_lang: str,
         meanings: Callable[[Word], frozenset[str]] | None) -> list[Gap]:
    """The unlinked content words of `side` that are names or that the side's dictionary translates
    (`meanings`), each placed on the other side, with the segment's counts."""
    words = alignment.source if side == "source" else alignment.target
    other = alignment.target if side == "source" else alignment.source
    partners = _partners(alignment, side)
    theirs = _partners(alignment, "target" if side == "source" else "source")
    content = _content(words)
    candidates = []
    for i in content:
        word = words[i]
        if i in partners or word.is_number:
            continue
        known = meanings is not None and bool(meanings(word))
        # a name the dictionary translates is a name only if it keeps its form (París: Paris; not Regno: kingdom)
        is_name = _name_like(word, lang) and (not known or _keeps_form(word, lang, meanings(word), other_lang))
        if is_name and (_has_look_alike(word, lang, other, other_lang)
                        or _in_translated_name(words, i, lang, other_lang, meanings)):
            continue  # Olimpiadas, Olympics: a name adapted to the other language
        if is_name or known:
            candidates.append((i, is_name))
    if not candidates:
        return []
    free = sum(1 for j in _content(other) if j not in theirs and other[j].is_content)
    text_end = other[-1].end if other else 0
    found = []
    for i, is_name in candidates:
        at, bracketed = _place(words, other, i, content, partners, text_end)
        rest = [j for j in content if j != i]
        coverage = sum(j in partners for j in rest) / len(rest) if rest else 0.0
        found.append(Gap(words[i], NAME if is_name else WORD, at, bracketed, len(candidates), free, coverage))
    return found


def omissions(alignment: Alignment, bidict: BilingualDictionary | None, src: str, tgt: str) -> list[Gap]:
    """Source words with no rendering in the target."""
    meanings = None
    if bidict is not None:
        meanings = lambda word: source_translations(bidict, word, src)
    return gaps(alignment, "source", src, tgt, meanings)


def additions(alignment: Alignment, bidict: BilingualDictionary | None, src: str, tgt: str) -> list[Gap]:
    """Target words that render no source word."""
    meanings = None
    if bidict is not None:
        meanings = lambda word: bidict.target_translations(*word.forms)
    return gaps(alignment, "target", tgt, src, meanings)


@dataclass(frozen=True)
class Omission:
    """A finding's worth of an omission: where in the target, and what to say."""

    at: int
    evidence: str
    suggestion: str


def omitted_names(source: str, target: str, src: str, tgt: str) -> list[Omission]:
    """Names of the source (capitalised away from a sentence start, unknown to the pair's dictionary, not
    acronyms) that nothing in the target renders or resembles, placed where they belong in the target.
    Empty without a dictionary for the pair (a translated name could not be told from a lost one) and for
    a German source (whose nouns are all capitalised)."""
    bidict = bilingual_dictionary(src, tgt)
    if bidict is None or src == "de" or not _has_name(source, src):
        return []
    alignment = cached_alignment(source, target, src, tgt)
    if _unrendered_target_name(alignment):
        return []  # Christmas: Noël, Madame: Miss: the name may be the one translated
    by_place: dict[int, list[str]] = {}  # the words of one name (Kier Starmer) belong in one place
    for gap in omissions(alignment, bidict, src, tgt):
        if gap.kind == NAME:
            by_place.setdefault(min(gap.at, len(target)), []).append(gap.word.text)
    return [Omission(at, f"the source's name {' '.join(names)!r} has no counterpart in the target",
                     " ".join(names)) for at, names in sorted(by_place.items())]


def _unrendered_target_name(alignment: Alignment) -> bool:
    """Whether a name of the target renders no source word."""
    linked = alignment.target_linked()
    return any(w.is_name and j not in linked for j, w in enumerate(alignment.target))


def _has_name(source: str, src: str) -> bool:
    """Whether the source has a word the name test could pass (the cheap check before aligning)."""
    return any(_name_like(w, src) for w in cached_words(source, src))
