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

import re
from dataclasses import dataclass
from collections.abc import Callable

from audit.bilingual.dictionary import BilingualDictionary, bilingual_dictionary
from audit.bilingual.lexical import Alignment, cached_alignment, source_translations
from audit.bilingual.words import Word, cached_words, cognate_similarity, fold_accents, _starts_sentence

NAME_SIMILARITY = 0.6
# BL006's source languages: BL005's and German (by its own name test); not Russian, whose names translated
# as words (Отечеству: Fatherland, Стрельце: Sagittarius) the thin ru-en dictionary does not link, so they
# pass for replaced names (3 of 29 unperturbed MT rows on DEMETR's even half)
# a longer unhyphenated German word the dictionary does not know is a compound it cannot split (the
# unknown capitalised words of DEMETR's even half are at most 11 letters; Dingolfing-Landau is hyphenated)
GERMAN_NAME_LENGTH = 14
NAME_REPLACEMENT_SOURCES = ("en", "de", "fr", "es", "it", "pt", "cs", "pl", "hi")
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
                        meanings: Callable[[Word], frozenset[str]] | None, text: str | None = None) -> bool:
    """Whether a word at most two away from words[i] is a capitalised word the dictionary translates into
    another form: they are one name translated as a whole (Regno Unito: UK, Nazioni Unite: United Nations).
    Given the side's `text`, a word capitalised only because it opens a sentence (Ayer Putin) does not count."""
    if meanings is None:
        return False
    for j in (i - 2, i - 1, i + 1, i + 2):  # La Vache qui Rit: Laughing Cow
        if 0 <= j < len(words) and words[j].text[:1].isupper() and not words[j].is_function \
                and (text is None or not _starts_sentence(text, words[j].start)):
            translations = meanings(words[j])
            if translations and not _keeps_form(words[j], lang, translations, other_lang):
                return True
    return False


def _name_like(word: Word, lang: str) -> bool:
    """A name: capitalised away from a sentence start, not an acronym (German capitalises every noun, so
    its names are not told apart)."""
    return word.is_name and not word.text.isupper()  # an acronym is translated as often as not (ONU, UN)


def gaps(alignment: Alignment, side: str, lang: str, other_lang: str,
         meanings: Callable[[Word], frozenset[str]] | None, text: str | None = None) -> list[Gap]:
    """The unlinked content words of `side` that are names or that the side's dictionary translates
    (`meanings`), each placed on the other side, with the segment's counts (given the side's `text`, a
    sentence's capitalised first word is not read as part of a name)."""
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
                        or _in_translated_name(words, i, lang, other_lang, meanings, text)):
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


def omissions(alignment: Alignment, bidict: BilingualDictionary | None, src: str, tgt: str,
              text: str | None = None) -> list[Gap]:
    """Source words with no rendering in the target."""
    meanings = None
    if bidict is not None:
        meanings = lambda word: source_translations(bidict, word, src)
    return gaps(alignment, "source", src, tgt, meanings, text)


def additions(alignment: Alignment, bidict: BilingualDictionary | None, src: str, tgt: str,
              text: str | None = None) -> list[Gap]:
    """Target words that render no source word."""
    meanings = None
    if bidict is not None:
        meanings = lambda word: bidict.target_translations(*word.forms)
    return gaps(alignment, "target", tgt, src, meanings, text)


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


@dataclass(frozen=True)
class Replacement:
    """A finding's worth of a replaced name: the target name's span, and what to say."""

    start: int
    end: int
    evidence: str
    suggestion: str


def replaced_names(source: str, target: str, src: str, tgt: str) -> list[Replacement]:
    """Names of the target that render no source word, in a segment whose source has a name no target
    word renders (Putin rendered "Marek Rudnicki"): each run of such target names, with the source's
    unrendered names as evidence. A target name is kept only when it is not a look-alike of a source word,
    not part of a name the dictionary translates, not a dictionary translation of any source word and not
    part of a source compound (Nordkorea: Korea). Empty without a dictionary for the pair. A German
    source's names are its capitalised words the dictionary does not know (its nouns are all capitalised);
    not for a Russian source (NAME_REPLACEMENT_SOURCES)."""
    if src not in NAME_REPLACEMENT_SOURCES:
        return []
    bidict = bilingual_dictionary(src, tgt)
    if bidict is None or not (src == "de" or _has_name(source, src)):
        return []
    alignment = cached_alignment(source, target, src, tgt)
    lost = _german_lost_names(source, alignment, bidict, tgt) if src == "de" else \
        [g.word for g in omissions(alignment, bidict, src, tgt, source) if g.kind == NAME]
    if not lost:
        return []
    new = _new_target_names(target, alignment, bidict, src, tgt)
    if not new:
        return []
    new = [w for w in new if not _shares_a_name(source, target, alignment, lost, w, bidict, src, tgt)]
    if not new:
        return []
    lost_names = " ".join(_runs_text(source, _runs(source, lost)))
    runs = _runs(target, new)
    return [Replacement(run[0].start, run[-1].end,
                        f"the target's name {target[run[0].start:run[-1].end]!r} renders no source word, and the "
                        f"source's {lost_names!r} has no counterpart in the target", lost_names)
            for run in runs]


def _shares_a_name(source: str, target: str, alignment: Alignment, lost: list[Word], name: Word,
                   bidict: BilingualDictionary, src: str, tgt: str) -> bool:
    """Whether a target name the dictionary knows as a word and a lost source name belong to one name
    translated in part: a word of the target name's run of capitalised words renders a word of the lost
    name's run (Procuraduría General: Attorney General's Office, General rendering General). A name the
    dictionary does not know stays a replacement beside a kept part (Sheikh Hasina: Sheikh Chugoku)."""
    if not bidict.target_translations(*name.forms):
        return False
    source_index = {w.start: i for i, w in enumerate(alignment.source)}
    target_index = {w.start: j for j, w in enumerate(alignment.target)}
    german_noun = lambda w: bool([m for m in source_translations(bidict, w, "de")
                                  if not _keeps_form(w, "de", frozenset([m]), tgt)])
    is_part = (lambda w: not german_noun(w)) if src == "de" else (lambda w: True)  # Ministerpräsident Markus Söder
    around = set().union(*(_name_run(source, alignment.source, source_index[w.start], is_part) for w in lost))
    mine = _name_run(target, alignment.target, target_index[name.start])
    return any(link.source in around and link.target in mine for link in alignment.links)


_JOINED = re.compile(r"[\s\-]*(?:['’]s\s+)?")


def _name_run(text: str, words: list[Word], i: int, is_part: Callable[[Word], bool] = lambda w: True) -> set[int]:
    """The indices of the capitalised words (that pass `is_part`) joined to words[i] by spaces, hyphens or
    a possessive 's (Attorney General's Office)."""
    run = {i}
    for step in (-1, 1):
        k = i
        n = k + step
        while 0 <= n < len(words) and words[n].text == "s" and text[words[n].start - 1:words[n].start] in "'’":
            n += step  # the possessive 's, a token of its own
        while 0 <= n < len(words) and words[n].text[:1].isupper() and is_part(words[n]):
            a, b = (words[n], words[k]) if step < 0 else (words[k], words[n])
            if not _JOINED.fullmatch(text[a.end:b.start]):
                break
            k = n
            run.add(k)
            n = k + step
            while 0 <= n < len(words) and words[n].text == "s" and text[words[n].start - 1:words[n].start] in "'’":
                n += step
    return run


def _new_target_names(target: str, alignment: Alignment, bidict: BilingualDictionary, src: str,
                      tgt: str) -> list[Word]:
    """The target's names that render no source word: unlinked, not acronyms, no look-alike of a source
    word, not part of a name the dictionary translates, not a translation of a source word. Unlike a lost
    source name, a target name the dictionary knows stays a name (John, Oliver: the dictionary's john and
    oliver are other words, and the source has none of their translations)."""
    linked = alignment.target_linked()
    meanings = lambda w: bidict.target_translations(*w.forms)
    return [w for j, w in enumerate(alignment.target)
            if j not in linked and w.is_content and _name_like(w, tgt)
            and all(part[:1].isupper() for part in w.text.split("-") if part)  # not F-parts
            and not _has_look_alike(w, tgt, alignment.source, src)
            and not _in_translated_name(alignment.target, j, tgt, src, meanings, target)
            and not _renders_source_word(w, alignment.source, bidict)]


def _renders_source_word(word: Word, source: list[Word], bidict: BilingualDictionary) -> bool:
    """Whether the dictionary gives a target word as a translation of a source word, inflected forms
    included (a shared start of five letters), or of a source compound's head or modifier (Day: tag for
    Fantag), or the word is part of a source compound (Korea in Nordkorea)."""
    meanings = [m for m in bidict.target_translations(*word.forms) if " " not in m]
    folded = fold_accents(word.text).casefold()
    return any(any(_same_stem(m, w) or _compound_part(m, w) for m in meanings)
               or (len(folded) >= 4 and folded in fold_accents(w.text).casefold()) for w in source)


def _compound_part(meaning: str, word: Word) -> bool:
    """Whether a dictionary meaning is the head or the modifier of a (German) compound: Day for Fantag."""
    a, b = fold_accents(meaning).casefold(), fold_accents(word.text).casefold()
    return len(a) >= 3 and len(b) > len(a) + 2 and (b.startswith(a) or b.endswith(a))


def _same_stem(meaning: str, word: Word) -> bool:
    """Whether a dictionary meaning is one of a word's forms or starts like it (five letters, or all of a
    four-letter meaning)."""
    if meaning in word.forms:
        return True
    a, b = fold_accents(meaning).casefold(), fold_accents(word.text).casefold()
    n = min(5, len(a), len(b))
    return n >= 4 and a[:n] == b[:n]


def _german_lost_names(source: str, alignment: Alignment, bidict: BilingualDictionary, tgt: str) -> list[Word]:
    """A German source's unrendered names: capitalised content words away from a sentence start that no
    target word resembles and that the dictionary does not know (not even by a compound's parts) or
    translates only into words spelt like it (Madagaskar: madagascar). Every German noun is capitalised,
    so the translated-name test (a capitalised neighbour the dictionary translates) would hold for most
    words; the unknown-word test stands in for it."""
    words = alignment.source
    linked = alignment.source_linked()
    found = []
    for i, w in enumerate(words):
        if i in linked or not w.is_content or not w.text[:1].isupper() or w.text.isupper() \
                or _starts_sentence(source, w.start):
            continue
        if "-" in w.text and source_translations(bidict, _last_part(w), "de"):
            continue  # Corona-Erreger, F-Teile: a compound whose head is a known word
        if "-" not in w.text and len(w.text) > GERMAN_NAME_LENGTH:
            continue  # Feuerwehrgerätehäusern: a compound the dictionary cannot split
        meanings = [m for m in source_translations(bidict, w, "de") if " " not in m]
        if any(not _keeps_form(w, "de", frozenset([m]), tgt) for m in meanings) \
                or _has_look_alike(w, "de", alignment.target, tgt):
            continue  # Madagaskar: madagascar is a name; Ansatz: ansatz, approach is a noun
        found.append(w)
    return found


def _last_part(word: Word) -> Word:
    """The part of a hyphenated word after its last hyphen, as a word of its own."""
    part = word.text.rsplit("-", 1)[1]
    lemma = part.casefold()
    return Word(word.end - len(part), word.end, part, word.lang, False, False, False, len(part) > 2, lemma, (lemma,))


def _runs(text: str, words: list[Word]) -> list[list[Word]]:
    """Words grouped into runs that only spaces or hyphens separate (Marek Rudnicki: one name)."""
    runs: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.start):
        if runs and not text[runs[-1][-1].end:w.start].strip(" -"):
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _runs_text(text: str, runs: list[list[Word]]) -> list[str]:
    return [text[run[0].start:run[-1].end] for run in runs]
