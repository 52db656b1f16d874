"""Word-level alignment of a translation against a reference, and the grading of where they diverge.

The MT and the reference are tokenised (words and punctuation, with character offsets), compared
case-insensitively with rapidfuzz's edit operations, and every run of non-matching tokens becomes a
*divergence*: a substitution (MT phrase ↔ reference phrase), an omission (reference words with no
counterpart; zero-width at the insertion point) or an addition.

Two good translations of one sentence differ in a great many places, so most divergences are not errors.
Grading keeps the ones a reader would call wrong and no more:

- words that only moved (found elsewhere in the other sentence), inflections and spelling variants of
  one another, and differences made of function words, punctuation or casing are *not* reported;
- a number on one side that the other lacks, a negation present on one side only (critical), and a
  capitalised name replaced by another are reported whatever the context;
- a content word replaced by another is reported as major only when the substitution is *anchored*: a
  short run between matching words, so the sentence around it agrees with the reference and the
  difference is a word choice, not a rephrasing (rephrasings are what human translators do). Longer
  rewritten runs, omissions and additions are reported as minor, major when long.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from audit.lazy import LazyModule
from audit.text import token_spans

# rapidfuzz (~7 ms to import) loads when first used: a run without a source or reference never uses it
distance = LazyModule("rapidfuzz.distance")

_DIGIT = re.compile(r"\d")
_GENERIC_LANGS = frozenset({"en", "de", "fr", "es", "it", "pt", "nl"})

# Grading thresholds, chosen on WMT22 de-en (a second human reference scored against the first) and the
# MQM TED zh-en spans: bench/eval_reference.py and docs/reference.md have the measurements.
NEARBY = 3  # tokens each side of a block where the reference's opposite of an MT word is looked for
ANCHOR_WORDS = 2  # matching words needed on each side of a word-choice substitution to call it major
MAX_REPLACED = 2  # at most this many unmatched content words on either side of it
MAX_BLOCK = 4  # and at most this many tokens in the run
LONG_GAP = 3  # content words omitted or added that make an omission or addition major
LONE_WORD_ANCHOR = 4  # a single content word omitted or added is major with this many matching words each side
# Scrambled word order: most MT words are in the reference, but hardly any two in the reference's order
# (shared word pairs / shared words). WMT22 de-en ref_B against ref_A: 1.2 % of segments under 0.15;
# DEMETR's shuffled sentences: 83 %; its unperturbed MT: 0 %.
SCRAMBLE_MIN_SHARED = 0.5
SCRAMBLE_MAX_PAIR_RATIO = 0.15
SCRAMBLE_MIN_WORDS = 5


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.casefold().replace("’", "'")

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


def tokenize(text: str) -> list[Token]:
    """Words (with inner apostrophes and hyphens) and single punctuation marks, with offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in token_spans(text)]


def _listed_words(name: str, list_name: str, lang: str | None) -> frozenset[str]:
    """The words of corpora/words/<name> in list `list_name` for `lang` (English when unknown)."""
    from audit.corpora import word_rows

    return frozenset(r["word"] for r in word_rows(name, list_name) if r["lang"] == (lang or "en"))


@lru_cache(maxsize=None)
def function_words(lang: str | None) -> frozenset[str]:
    """Closed-class words of `lang` (the "closed" list of corpora/words/function_words.tsv); English when unknown."""
    return _listed_words("function_words.tsv", "closed", lang)


@lru_cache(maxsize=None)
def negation_words(lang: str | None) -> frozenset[str]:
    return _listed_words("negation.tsv", "reference", lang)


@lru_cache(maxsize=None)
def gender_words(lang: str | None) -> dict[str, str]:
    """Word → "m" or "f" (corpora/words/gender.tsv); empty for languages without a list."""
    from audit.corpora import word_rows

    return {r["word"]: r["gender"] for r in word_rows("gender.tsv") if r["lang"] == (lang or "en")}


def gender_flips(hyp: list[Token], ref: list[Token], lang: str | None) -> list[Divergence]:
    """MT words of one gender where the reference speaks only of the other (he ↔ she)."""
    genders = gender_words(lang)
    if not genders:
        return []
    in_ref = {genders[t.key] for t in ref if t.key in genders}
    if len(in_ref) != 1:
        return []
    (ref_gender,) = in_ref
    ref_word = next(t.text for t in ref if genders.get(t.key) == ref_gender)
    return [Divergence("substitution", t.start, t.end, ref_word, "major", "gender")
            for t in hyp if genders.get(t.key, ref_gender) != ref_gender]


def is_negation(key: str, lang: str | None) -> bool:
    return key in negation_words(lang) or (lang in (None, "en") and key.endswith("n't"))


def is_number(token: Token) -> bool:
    return bool(_DIGIT.search(token.text))


def token_values(token: Token, lang: str | None) -> frozenset[float]:
    """The numeric values a token can stand for: its digits in any locale, or a number word."""
    return _values(token.text, lang)


@lru_cache(maxsize=65536)
def _values(text: str, lang: str | None) -> frozenset[float]:
    from audit.numerals import source_values

    return frozenset(source_values(text, lang or "en"))


def sentence_values(tokens: Sequence[Token], lang: str | None) -> frozenset[float]:
    values: set[float] = set()
    for t in tokens:
        values |= token_values(t, lang)
    return frozenset(values)


def is_content(token: Token, lang: str | None) -> bool:
    return token.is_word and token.key not in function_words(lang) and not token.key.isdigit()


def is_variant(a: str, b: str) -> bool:
    """Inflections and spelling variants: a long shared stem or nearly the same letters (never numbers:
    95,000 and 91,000 look alike)."""
    if a == b:
        return True
    if _DIGIT.search(a) or _DIGIT.search(b):
        return False
    stem = 0
    for x, y in zip(a, b):
        if x != y:
            break
        stem += 1
    shorter = min(len(a), len(b))
    if stem >= 4 and stem >= shorter - 3:
        return True
    return shorter >= 5 and distance.Indel.normalized_similarity(a, b) >= 0.8


_SUFFIXES = (("ies", "y"), ("ves", "f"), ("es", ""), ("es", "e"), ("s", ""), ("ied", "y"), ("ed", ""),
             ("ed", "e"), ("ing", ""), ("ing", "e"), ("ier", "y"), ("iest", "y"), ("er", ""), ("est", ""),
             ("er", "e"), ("est", "e"), ("men", "man"))


@dataclass(frozen=True)
class Thesaurus:
    """Synonym groups, antonym pairs and irregular forms of one language."""

    groups: dict[str, frozenset[int]]
    antonyms: frozenset[tuple[str, str]]
    irregular: dict[str, str]


@lru_cache(maxsize=None)
def thesaurus(lang: str) -> Thesaurus:
    """corpora/thesaurus/<lang>_synonyms.txt, parsed once and kept in the user cache (`audit.cache`: ~0.04 s
    to read back instead of ~0.12 s to parse), keyed on the file and on this module's code."""
    from audit.cache import cached, file_key

    path = _thesaurus_path(lang)
    if not path.is_file():
        return Thesaurus({}, frozenset(), {})
    return cached(f"thesaurus-{lang}", f"{file_key(path)}-{file_key(Path(__file__))}", lambda: read_thesaurus(path))


def _thesaurus_path(lang: str) -> Path:
    """corpora/thesaurus/<lang>_synonyms.txt (a language code names a file: letters only)."""
    from audit.corpora import corpora_dir

    return corpora_dir() / "thesaurus" / f"{lang if lang.isalpha() else '-'}_synonyms.txt"


@lru_cache(maxsize=None)
def antonym_pairs(lang: str) -> frozenset[tuple[str, str]]:
    """The thesaurus's antonym pairs alone, both orders: its '!a b' lines, read without building the
    synonym groups (a rule that wants only opposites then costs a file scan, not the whole thesaurus)."""
    path = _thesaurus_path(lang)
    if not path.is_file():
        return frozenset()
    pairs: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("!"):
                a, b = line[1:].split()
                pairs |= {(a, b), (b, a)}
    return frozenset(pairs)


@lru_cache(maxsize=None)
def _thesaurus_text(lang: str) -> str:
    """A language's thesaurus file as one string, between newlines: the few words a rule asks about are
    searched in it (`synonyms_of`), without building the synonym groups (~20 MB) for them."""
    path = _thesaurus_path(lang)
    return f"\n{path.read_text(encoding='utf-8')}\n" if path.is_file() else ""


@lru_cache(maxsize=4096)
def synonyms_of(word: str, lang: str) -> frozenset[str]:
    """The words of the thesaurus's sense groups that hold `word` (its group lines; not its '=form lemma'
    or '!antonym' lines): a search of the whole file, remembered (one- and two-letter words, found
    everywhere in it, are not searched)."""
    word = word.strip().casefold()
    text, found = _thesaurus_text(lang), set()
    at = text.find(word) if len(word) >= 3 and not any(c.isspace() for c in word) else -1
    while at != -1:
        end = at + len(word)
        if text[at - 1] in " \n" and text[end] in " \n":
            line = text[text.rfind("\n", 0, at) + 1:text.find("\n", end)]
            if line[:1] not in "=!#":
                found.update(line.split())
        at = text.find(word, end)
    return frozenset(found)


def read_thesaurus(path: Path) -> Thesaurus:
    """Group lines (synonyms), '=form lemma' lines (irregular forms) and '!word word' lines (antonyms)."""
    groups: dict[str, set[int]] = {}
    irregular: dict[str, str] = {}
    antonyms: set[tuple[str, str]] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.startswith("#") or not line.strip():
            continue
        if line[0] == "=":
            form, lemma = line[1:].split()
            irregular.setdefault(form, lemma)
        elif line[0] == "!":
            a, b = line[1:].split()
            antonyms |= {(a, b), (b, a)}
        else:
            for word in line.split():
                groups.setdefault(word, set()).add(number)
    return Thesaurus({w: frozenset(g) for w, g in groups.items()}, frozenset(antonyms), irregular)


@lru_cache(maxsize=65536)
def base_forms(word: str, lang: str | None) -> frozenset[str]:
    """The word and the lemmas it may be an inflection of (thinks → think, went → go, bigger → big)."""
    table = thesaurus(lang or "en")
    forms = {word}
    if word in table.irregular:
        forms.add(table.irregular[word])
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            forms.add(word[: -len(suffix)] + replacement)
    return frozenset(forms)


@lru_cache(maxsize=65536)
def synonym_groups(word: str, lang: str | None) -> frozenset[int]:
    """The synonym groups of a word, looked up under its base forms."""
    groups = thesaurus(lang or "en").groups
    found: set[int] = set()
    for form in base_forms(word, lang):
        found |= groups.get(form, frozenset())
    return frozenset(found)


# English ordinals: WordNet lists first / second as opposites and groups them as synonyms; they are
# neither (a different ordinal is a different place in an order: "first floor" / "second floor" is also
# the British and American count of the same floor)
_ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())


def _ordinal_pair(a: str, b: str, lang: str | None) -> bool:
    return (lang or "en") == "en" and a != b and a in _ORDINALS and b in _ORDINALS


def is_antonym(a: str, b: str, lang: str | None) -> bool:
    """Whether the thesaurus lists the two words (under any base form) as opposites (never two ordinals)."""
    pairs = thesaurus(lang or "en").antonyms
    if not pairs or _ordinal_pair(a, b, lang):
        return False
    return any((x, y) in pairs for x in base_forms(a, lang) for y in base_forms(b, lang))


def is_synonym(a: str, b: str, lang: str | None) -> bool:
    """Whether a thesaurus (WordNet for English) lists the two words in one sense group; numbers are
    never synonyms of one another here ("one" and "a" share a sense, "ten" and "X" too), nor are words it
    lists as opposites (WordNet's clusters put "positive" and "negative" in one group, "charged"; "early" and
    "late", "dry" and "wet" too)."""
    if _values(a, lang) or _values(b, lang) or _ordinal_pair(a, b, lang):
        return False
    return bool(synonym_groups(a, lang) & synonym_groups(b, lang)) and not is_antonym(a, b, lang)


@dataclass(frozen=True)
class Divergence:
    """One place where the MT departs from a reference, graded.

    `start`/`end` index the MT text (equal for an omission: the insertion point); `ref_phrase` is the
    reference's side ("" for an addition), `ref_start`/`ref_end` its offsets in the reference (-1 where
    not known: a gender flip, a scrambled sentence).
    """

    kind: str  # "substitution" | "omission" | "addition"
    start: int
    end: int
    ref_phrase: str
    severity: str
    reason: str  # "number", "negation", "name", "word choice", "rewritten", "omitted", "added"
    ref_start: int = -1
    ref_end: int = -1


def _blocks(hyp: Sequence[Token], ref: Sequence[Token]) -> list[tuple[int, int, int, int]]:
    """Maximal runs of non-matching tokens as (hyp_start, hyp_end, ref_start, ref_end) token indices."""
    blocks: list[list[int]] = []
    current: list[int] | None = None
    for op in distance.Levenshtein.opcodes([t.key for t in hyp], [t.key for t in ref]):
        if op.tag == "equal":
            current = None
        elif current is None:
            current = [op.src_start, op.src_end, op.dest_start, op.dest_end]
            blocks.append(current)
        else:
            current[1], current[3] = op.src_end, op.dest_end
    return [tuple(b) for b in blocks]  # type: ignore[misc]


@dataclass(frozen=True)
class _Side:
    """What grading asks of a whole sentence, counted once per sentence rather than once per block."""

    counts: Counter  # key → occurrences
    values: frozenset[float]  # every number it mentions
    negations: int

    @classmethod
    def of(cls, tokens: list[Token], lang: str | None) -> "_Side":
        return cls(Counter(t.key for t in tokens), sentence_values(tokens, lang),
                   sum(is_negation(t.key, lang) for t in tokens))

    def has_outside(self, key: str, block: Counter) -> bool:
        """Whether the sentence holds `key` outside the given block's tokens."""
        return self.counts[key] > block[key]


def _unmatched(words: list[Token], others: list[Token], other_side: _Side, other_block: Counter,
               lang: str | None) -> list[Token]:
    """Words with no counterpart: not present elsewhere in the other sentence (outside its block), not a
    variant or a listed synonym of a word (`others`) on the other side of the block."""
    return [w for w in words if not other_side.has_outside(w.key, other_block)
            and not any(is_variant(w.key, o.key) or is_synonym(w.key, o.key, lang) for o in others)]


def _is_name(token: Token, first: bool) -> bool:
    return token.text[0].isupper() and not first and not token.text.isupper() or (len(token.text) > 1 and token.text.isupper())


def grade_block(
    hyp: list[Token], ref: list[Token], i1: int, i2: int, j1: int, j2: int, lang: str | None,
    anchors: tuple[int, int] = (0, 0), sides: tuple[_Side, _Side] | None = None,
) -> Divergence | None:
    """Grade one run of non-matching tokens; None when it is a difference a good translation makes.
    `sides` are the two sentences' counts (computed here when not given)."""
    h_side, r_side = sides or (_Side.of(hyp, lang), _Side.of(ref, lang))
    h_block, r_block = hyp[i1:i2], ref[j1:j2]
    h_counts, r_counts = Counter(t.key for t in h_block), Counter(t.key for t in r_block)
    h_content = [t for t in h_block if is_content(t, lang) or is_number(t)]
    r_content = [t for t in r_block if is_content(t, lang) or is_number(t)]
    h_left = _unmatched(h_content, r_content, r_side, r_counts, lang)
    r_left = _unmatched(r_content, h_content, h_side, h_counts, lang)

    h_values, r_values = h_side.values, r_side.values
    h_numbers = [t for t in h_left if is_number(t) and not token_values(t, lang) & r_values]
    r_numbers = [t for t in r_left if is_number(t) and not token_values(t, lang) & h_values]
    # a number written another way ("ten" / "10", "1,700" / "1700") is the same number
    h_left = [t for t in h_left if t in h_numbers or not token_values(t, lang) & r_values]
    r_left = [t for t in r_left if t in r_numbers or not token_values(t, lang) & h_values]

    small = max(len(h_block), len(r_block)) <= MAX_BLOCK
    anchored = (min(anchors) >= ANCHOR_WORDS and max(len(h_left), len(r_left)) <= MAX_REPLACED and small)
    h_neg = [t for t in h_block if is_negation(t.key, lang) and not r_side.has_outside(t.key, r_counts)]
    r_neg = [t for t in r_block if is_negation(t.key, lang) and not h_side.has_outside(t.key, h_counts)]
    negation_flip = max(len(h_block), len(r_block)) <= 2 * MAX_BLOCK and bool(h_neg) != bool(r_neg) and (
        h_side.negations != r_side.negations)
    h_names = [t for t in h_left if _is_name(t, t is hyp[0])]
    r_names = [t for t in r_left if _is_name(t, t is ref[0])]
    block = (i1, i2, j1, j2)

    if negation_flip:
        return _pointed(hyp, ref, h_neg, r_neg, block, "critical", "negation")
    opposite = [(h, r) for h in h_left for r in r_left if is_antonym(h.key, r.key, lang)] or _opposite_nearby(
        h_block, ref[max(0, j1 - NEARBY):j2 + NEARBY], hyp, ref, h_side, r_side, lang)
    if opposite:
        return _pointed(hyp, ref, [opposite[0][0]], [opposite[0][1]], block, "critical", "antonym")
    if h_numbers or r_numbers:
        return _pointed(hyp, ref, h_numbers, r_numbers, block, "major", "number")
    if h_names and r_names:
        return _pointed(hyp, ref, h_names, r_names, block, "major", "name")
    if not h_left and not r_left:
        return None
    if h_left and r_left:
        severity, reason = ("major", "word choice") if anchored else ("minor", "rewritten")
        return _divergence(hyp, ref, i1, i2, j1, j2, severity, reason)
    # one content word dropped or inserted where the words around it agree with the reference at length
    lone = min(anchors) >= LONE_WORD_ANCHOR and len(h_left) + len(r_left) == 1 and small
    if r_left:
        severity, reason = ("major" if len(r_left) >= LONG_GAP or lone else "minor"), "omitted"
    else:
        severity, reason = ("major" if len(h_left) >= LONG_GAP or lone else "minor"), "added"
    return _divergence(hyp, ref, i1, i2, j1, j2, severity, reason)


def _opposite_nearby(h_block: list[Token], near: list[Token], hyp: list[Token], ref: list[Token],
                     h_side: "_Side", r_side: "_Side", lang: str | None) -> list[tuple[Token, Token]]:
    """A content word of the block whose opposite the reference says close to the block (`near`: its
    words and NEARBY tokens each side) and the MT says nowhere: the word alignment may put the two in
    neighbouring blocks ("tested negative for the" against "were tested positive for the"). Content words
    only (function words with opposites, here / there, on / off, all / some, trade places in any two
    renderings), and not where the two sentences hold unequal negations ("not directly" / "indirectly"),
    nor for a word the other sentence says by a synonym ("start … end" / "begin … finish": start and finish
    are opposites, but "begin" says "start")."""
    if h_side.negations != r_side.negations:
        return []
    mt_words = [t for t in h_block if is_content(t, lang) and not _said_in(t, r_side, lang)]
    if not mt_words:
        return []
    said = [t for t in near if is_content(t, lang) and not _said_in(t, h_side, lang)]
    pairs = [(h, r) for h in mt_words for r in said if is_antonym(h.key, r.key, lang)]
    return [(h, r) for h, r in pairs if not _synonym_in(h, ref, lang) and not _synonym_in(r, hyp, lang)][:1]


def _synonym_in(token: Token, tokens: list[Token], lang: str | None) -> bool:
    """Whether another sentence's content words hold a synonym of the token's word (not a variant: that
    would be "finished" for "unfinished")."""
    return any(is_content(t, lang) and t.key != token.key and is_synonym(token.key, t.key, lang) for t in tokens)


def _said_in(token: Token, side: "_Side", lang: str | None) -> bool:
    """Whether the sentence of `side` holds the token's word under any of its base forms."""
    return any(side.counts[form] for form in base_forms(token.key, lang))


def _pointed(hyp: list[Token], ref: list[Token], mt_words: list[Token], ref_words: list[Token],
             block: tuple[int, int, int, int], severity: str, reason: str) -> Divergence:
    """A divergence narrowed to the words that make it (the numbers, the names, the negation) on each side
    that has them; the whole block on a side that has none."""
    i1, i2, j1, j2 = block
    if mt_words:
        i1, i2 = hyp.index(mt_words[0]), hyp.index(mt_words[-1]) + 1
    if ref_words:
        j1, j2 = ref.index(ref_words[0]), ref.index(ref_words[-1]) + 1
    return _divergence(hyp, ref, i1, i2, j1, j2, severity, reason)


def _divergence(hyp: list[Token], ref: list[Token], i1: int, i2: int, j1: int, j2: int,
                severity: str, reason: str) -> Divergence:
    ref_phrase = _join(ref[j1:j2])
    ref_start, ref_end = _span(ref, j1, j2)
    if i1 == i2:  # nothing on the MT side: the reference's words were left out here
        point = hyp[i1 - 1].end if i1 > 0 else (hyp[0].start if hyp else 0)
        return Divergence("omission", point, point, ref_phrase, severity, reason, ref_start, ref_end)
    start, end = hyp[i1].start, hyp[i2 - 1].end
    kind = "substitution" if j1 < j2 else "addition"
    return Divergence(kind, start, end, ref_phrase, severity, reason, ref_start, ref_end)


def _span(tokens: list[Token], k1: int, k2: int) -> tuple[int, int]:
    """Character offsets of tokens k1..k2 (a zero-width point after token k1-1 when the run is empty)."""
    if k1 < k2:
        return tokens[k1].start, tokens[k2 - 1].end
    point = tokens[k1 - 1].end if k1 > 0 else (tokens[0].start if tokens else 0)
    return point, point


def _join(tokens: list[Token]) -> str:
    out = ""
    for k, t in enumerate(tokens):
        gap = "" if k == 0 or t.start == tokens[k - 1].end else " "
        out += gap + t.text
    return out


def _trim(block: tuple[int, int, int, int], hyp: list[Token], ref: list[Token]) -> tuple[int, int, int, int]:
    """Drop punctuation at the edges of a block: the phrase a reviewer sees starts and ends on words."""
    i1, i2, j1, j2 = block
    while i1 < i2 and not hyp[i1].is_word:
        i1 += 1
    while i2 > i1 and not hyp[i2 - 1].is_word:
        i2 -= 1
    while j1 < j2 and not ref[j1].is_word:
        j1 += 1
    while j2 > j1 and not ref[j2 - 1].is_word:
        j2 -= 1
    return i1, i2, j1, j2


def scrambled(hyp: list[Token], ref: list[Token]) -> bool:
    """The MT uses the reference's words but not its word order (a shuffled, garbled sentence)."""
    from collections import Counter

    a, b = [t.key for t in hyp if t.is_word], [t.key for t in ref if t.is_word]
    if len(a) < SCRAMBLE_MIN_WORDS:
        return False
    shared = sum((Counter(a) & Counter(b)).values()) / len(a)
    pairs = sum((Counter(zip(a, a[1:])) & Counter(zip(b, b[1:]))).values()) / (len(a) - 1)
    return shared >= SCRAMBLE_MIN_SHARED and pairs / shared < SCRAMBLE_MAX_PAIR_RATIO


def diverge(mt: str, reference: str, lang: str | None = "en") -> list[Divergence]:
    """The graded divergences of `mt` from `reference` (an empty list when they agree)."""
    lang = lang if lang in _GENERIC_LANGS else None
    hyp, ref = tokenize(mt), tokenize(reference)
    if scrambled(hyp, ref):
        words = [t for t in hyp if t.is_word]
        return [Divergence("scrambled", words[0].start, words[-1].end, reference.strip(), "major", "word order")]
    blocks = _blocks(hyp, ref)
    sides = (_Side.of(hyp, lang), _Side.of(ref, lang))
    found = []
    for k, block in enumerate(blocks):
        before = blocks[k - 1][1] if k > 0 else 0
        after = blocks[k + 1][0] if k + 1 < len(blocks) else len(hyp)
        anchors = (_anchor(hyp, before, block[0], k == 0), _anchor(hyp, block[1], after, k + 1 == len(blocks)))
        i1, i2, j1, j2 = _trim(block, hyp, ref)
        if i1 == i2 and j1 == j2:
            continue
        graded = grade_block(hyp, ref, i1, i2, j1, j2, lang, anchors, sides)
        if graded is not None:
            found.append(graded)
    serious = [d for d in found if d.severity != "minor"]
    for flip in gender_flips(hyp, ref, lang):
        if not any(d.start <= flip.start and flip.end <= d.end for d in serious):
            found.append(flip)
    return sorted(found, key=lambda d: (d.start, d.end))


def _anchor(tokens: list[Token], a: int, b: int, outermost: bool) -> int:
    """Matching words between two runs; the start or end of the sentence anchors as well as enough words."""
    words = sum(t.is_word for t in tokens[a:b])
    return max(words, ANCHOR_WORDS) if outermost and (a == 0 or b == len(tokens)) else words
