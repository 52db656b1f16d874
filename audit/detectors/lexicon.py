"""Known MT confusions and false friends, kept as data per language pair in corpora/lexicons/.

Each entry names the MT's wrong phrase (a regular expression), what was meant, the source word(s)
that produce the confusion, and context cues: at least one `require` cue must occur in the segment or
its neighbours, and no `forbid` cue in the segment, so that legitimate uses stay quiet ("a healthy
diet" is fine; "get rid of the diet" next to "the regime" is not). When the source segment is given,
an entry fires only if one of its source triggers occurs in the source sentence the target sentence
renders, and then the trigger stands in for the `require` cues (the `forbid` cues still apply).
"""

from __future__ import annotations

import re
from bisect import bisect_right
import unicodedata
from dataclasses import astuple, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from audit.corpora import data_files, read_tsv, user_lexicon_paths
from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import DataSource, Languages, Rule
from audit.segments import Document, Segment
from audit.text import count_words, lowered_word_runs, sentence_starts, word_runs

FALSE_FRIEND = Rule(
    code="LX001",
    name="known-mt-confusion",
    family="lexicon",
    category="accuracy/mistranslation",
    severity="major",
    what="Finds words that machine translation is known to get wrong for a language pair (false friends "
    "and wrong senses: régime → 'diet' for regime, procès → 'process' for trial), using the lexicons in "
    "corpora/lexicons/ with their context cues; each entry sets its own severity.",
    why="These errors read fluently, so neither spell checkers nor a quick skim catch them, yet they "
    "change the meaning of a news text.",
    example="Get rid of the diet (French source: « Se débarrasser du régime »)",
    instead="Get rid of the regime",
    languages=Languages(data="lexicons"),
)

CONFIDENCE_WITH_SOURCE = 0.9
CONFIDENCE_WITH_PAIR = 0.65
CONFIDENCE_TARGET_ONLY = 0.5


def fold(text: str) -> str:
    """Lower case without accents, for matching source triggers and cues."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=None)
def cue_pattern(cues: str) -> re.Pattern[str] | None:
    """One regex for a '|'-separated list of words or phrases; a trailing * matches any word ending."""
    parts = [c.strip() for c in cues.split("|") if c.strip()]
    if not parts:
        return None
    alternatives = []
    for part in parts:
        stem = re.escape(fold(part.rstrip("*")))
        alternatives.append(stem + (r"\w*" if part.endswith("*") else "") + r"(?!\w)")
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


@lru_cache(maxsize=None)
def wrong_pattern(wrong: str) -> re.Pattern[str]:
    """An entry's 'wrong' expression as a whole-word, case-insensitive regex (re.error when invalid)."""
    return re.compile(r"(?<!\w)(?:" + wrong + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=None)
def wrong_test(wrong: str) -> Callable[[str], re.Match[str] | None]:
    """Whether an entry's 'wrong' expression matches a text, as cheaply as it can be asked: `match` when
    every match starts at the text's start (`^Also,? ...`: `search` would try every position), else
    `search`."""
    pattern = wrong_pattern(wrong)
    from audit.detectors.regex_parse import parse

    parsed = None if _MULTILINE_FLAG.search(wrong) else parse(pattern.pattern)
    if parsed is not None and not pattern.flags & re.MULTILINE and _starts_at_start(parsed):
        return pattern.match
    return pattern.search


_MULTILINE_FLAG = re.compile(r"\(\?[a-zA-Z-]*m")  # (?m) or (?m:...): '^' then matches after a line break too


def _starts_at_start(items) -> bool:
    """Whether every match of the parsed sequence `items` starts where '^' or '\\A' holds, before anything it
    consumes (look-arounds before it consume nothing)."""
    from audit.detectors import regex_parse as c

    for op, arg in items:
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.AT:
            if arg in ("beginning", "beginning_string"):
                return True
            continue  # \b and the like: zero-width, say nothing of where the match starts
        if op is c.SUBPATTERN:
            return _starts_at_start(arg[-1])
        if op is c.BRANCH:
            return all(_starts_at_start(branch) for branch in arg[1])
        return False
    return False


def _openings(items, limit: int) -> set[str] | None:
    """Literal strings every match of the parsed sequence `items` starts with (None: cannot tell)."""
    from audit.detectors import regex_parse as c

    items = list(items)
    for index, (op, arg) in enumerate(items):
        rest = items[index + 1:]
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero-width: look-arounds and anchors consume nothing
        if op is c.LITERAL:
            after = _openings(rest, limit - 1) if limit > 1 else {""}
            return {chr(arg) + a for a in after} if after is not None else {chr(arg)}
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] == 0:  # optional: with it, or straight to the rest
            present, absent = _openings(arg[2], limit), _openings(rest, limit)
            return None if present is None or absent is None else present | absent
        if op is c.SUBPATTERN:
            inner = _openings(arg[-1], limit)
        elif op is c.BRANCH:
            branches = [_openings(b, limit) for b in arg[1]]
            inner = None if any(b is None for b in branches) else set().union(*branches)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            inner = _openings(arg[2], limit)
        else:
            inner = None
        return inner  # what follows a group depends on how much of it matched: stop here
    return {""}


def required_literal(parsed) -> str:
    """The longest run of literal characters every match of the parsed pattern contains (lower-case; ""
    when none is sure)."""
    from audit.detectors import regex_parse as c

    items = list(parsed)
    while True:  # unwrap the (?<!\w)(?:...)(?!\w) frame and any group that is the whole pattern
        solid = [(op, arg) for op, arg in items if op not in (c.ASSERT, c.ASSERT_NOT, c.AT)]
        if len(solid) == 1 and solid[0][0] is c.SUBPATTERN:
            items = list(solid[0][1][-1])
            continue
        break
    best = run = ""
    for op, arg in items:
        if op is c.LITERAL:
            run += chr(arg)
            best = max(best, run, key=len)
        elif op not in (c.ASSERT, c.ASSERT_NOT, c.AT):
            run = ""
    best = best.lower()
    return best if len(best) >= 3 and best.isascii() else ""


ANCHOR_MIN_LENGTH = 3


def anchor_literals(parsed) -> tuple[str, ...]:
    """Lower-case ASCII literals at least one of which every match of the parsed pattern contains (a
    pre-filter for patterns whose alternatives share no literal: "(?:the|our) redaction x|redaction y"
    needs "redaction"); () when none is sure. `required_literal`'s single literal is the one-alternative
    case."""
    found = _required_any(list(parsed))
    return tuple(sorted(found)) if found else ()


def _required_any(items) -> set[str] | None:
    """The best set of literals one of which every match of the sequence `items` holds (None: none)."""
    from audit.detectors import regex_parse as c

    candidates: list[set[str]] = []
    run = ""
    for op, arg in items:
        if op is c.LITERAL:
            run += chr(arg)
            continue
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero-width: the literals either side are adjacent in the text
        if run:
            candidates.append({run})
        run = ""
        inner = None
        if op is c.SUBPATTERN:
            inner = _required_any(arg[-1])
        elif op is c.ATOMIC_GROUP:
            inner = _required_any(arg[1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            inner = _required_any(arg[2])
        elif op is c.BRANCH:
            alternatives = [_required_any(branch) for branch in arg[1]]
            if all(alternatives):
                inner = set().union(*alternatives)
        if inner:
            candidates.append(inner)
    if run:
        candidates.append({run})
    usable = [{s.lower() for s in found} for found in candidates
              if all(len(s) >= ANCHOR_MIN_LENGTH and s.isascii() for s in found)]
    return max(usable, key=_anchor_rank, default=None)


def _anchor_rank(found: set[str]) -> tuple[int, int, int]:
    """How well a set of literals filters (higher is better): by its shortest longest word ("hoard" before
    " the ", which nearly every English segment holds, and which the candidate finder would look up as
    "the"), then its shortest literal, then the fewest literals."""
    word = min(len(max(word_runs(s), key=len, default="")) for s in found)
    return word, min(map(len, found)), -len(found)


def literal_cues(parsed, limit: int = 4) -> tuple[str, ...]:
    """Short literal openings of every match of a parsed case-insensitive pattern, lower-cased, for a cheap
    look-up before the regex; () when some match could open otherwise (then the regex always runs)."""
    openings = _openings(parsed, limit)
    if not openings:
        return ()
    # every match starts a word (the pattern is wrapped in (?<!\w)): keep each opening's first word part
    words = {re.match(r"\w*", o.lower()).group()[:limit] for o in openings}
    if not words or min(len(w) for w in words) < 2 or not all(w.isascii() for w in words):
        return ()
    return tuple(sorted(words))


def word_openings(text: str, limit: int = 4) -> set[str]:
    """The first 2 to `limit` letters of every word in the text, lower-cased (what cues are looked up in)."""
    return {word[:k] for word in word_runs(text.lower()) for k in range(2, min(limit, len(word)) + 1)}


@dataclass(frozen=True)
class LexiconEntry:
    """One known confusion for one language pair. Its expressions are kept as written and compiled on first
    use: a run compiles only the entries whose cues a segment holds (compiling all ~1,700 took ~0.6 s)."""

    id: str
    src: str
    tgt: str
    wrong_text: str
    intended: str
    triggers_text: str
    require_text: str
    forbid_text: str
    severity: str
    note: str
    flag_example: str
    pass_example: str
    #: literal lower-case openings every match starts with; none of them in a segment means no match
    cues: tuple[str, ...] = ()
    #: a literal every match contains ("" if none): absent from a segment means no match
    core: str = ""
    #: literals one of which every match contains (() if unsure): none in a segment means no match
    anchors: tuple[str, ...] = ()

    @property
    def pair(self) -> str:
        return f"{self.src}-{self.tgt}"

    @property
    def wrong(self) -> re.Pattern[str]:
        return wrong_pattern(self.wrong_text)

    @property
    def source_triggers(self) -> re.Pattern[str] | None:
        return cue_pattern(self.triggers_text)

    @property
    def require(self) -> re.Pattern[str] | None:
        return cue_pattern(self.require_text)

    @property
    def forbid(self) -> re.Pattern[str] | None:
        return cue_pattern(self.forbid_text)


def parse_entry(row: dict[str, str], path: Path) -> LexiconEntry:
    """An entry from a lexicon row, its pre-filters (`cues`, `core`) read from its 'wrong' expression; its
    expressions are compiled here, so a bad one is an error naming the entry."""
    try:
        wrong = wrong_pattern(row["wrong"])
    except re.error as exc:
        raise ValueError(f"{path}: entry {row['id']}: bad 'wrong' pattern: {exc}") from None
    from audit.detectors.regex_parse import parse

    parsed = parse(wrong.pattern)  # once, for both pre-filters; None: a pattern they cannot read
    entry = LexiconEntry(
        id=row["id"], src=row["src"], tgt=row["tgt"], wrong_text=row["wrong"], intended=row["intended"],
        cues=literal_cues(parsed) if parsed is not None else (),
        core=required_literal(parsed) if parsed is not None else "",
        anchors=anchor_literals(parsed) if parsed is not None else (),
        triggers_text=row["source_triggers"], require_text=row["require"], forbid_text=row["forbid"],
        severity=row["severity"] or "major", note=row["note"],
        flag_example=row["flag_example"], pass_example=row["pass_example"],
    )
    entry.source_triggers, entry.require, entry.forbid  # noqa: B018 - compiled now: errors surface here
    return entry


REQUIRED_COLUMNS = ("id", "src", "tgt", "wrong")
COLUMNS = (*REQUIRED_COLUMNS, "intended", "source_triggers", "require", "forbid", "severity", "note",
           "flag_example", "pass_example")
SEVERITIES = ("minor", "major", "critical")


def read_user_lexicon(path: str) -> tuple[LexiconEntry, ...]:
    """A user lexicon in the documented TSV format (the columns of corpora/lexicons/; `id`, `src`, `tgt` and
    `wrong` required, any pair per row); a malformed entry is an AuditError naming the file and line."""
    from audit.errors import AuditError
    from audit.languages import normalize_language
    from audit.inputs.readers import read_text

    lines = [(number, line) for number, line in enumerate(read_text(path).split("\n"), 1)
             if line.strip() and not line.startswith("#")]
    if not lines:
        raise AuditError(f"{path}: an empty lexicon (a header line with {', '.join(REQUIRED_COLUMNS)} ... is needed)")
    header = [name.strip() for name in lines[0][1].rstrip("\r").split("\t")]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise AuditError(f"{path}:{lines[0][0]}: the header lacks {', '.join(missing)}")
    entries, seen = [], set()
    for number, line in lines[1:]:
        cells = line.rstrip("\r").split("\t")
        if len(cells) > len(header):
            raise AuditError(f"{path}:{number}: {len(cells)} fields, but the header names {len(header)}")
        row = {name: "" for name in COLUMNS} | dict(zip(header, (c.strip() for c in cells)))
        problem = _user_entry_problem(row, seen, normalize_language)
        if problem:
            raise AuditError(f"{path}:{number}: {problem}")
        entry = parse_entry(row, Path(path))
        if entry.flag_example and not entry.wrong.search(entry.flag_example):
            raise AuditError(f"{path}:{number}: the flag_example does not contain a match of 'wrong'")
        seen.add((entry.pair, entry.id))
        entries.append(entry)
    return tuple(entries)


def _user_entry_problem(row: dict[str, str], seen: set, normalize_language) -> str | None:
    """What is wrong with one user lexicon row, or None."""
    from audit.errors import AuditError

    empty = [name for name in REQUIRED_COLUMNS if not row.get(name)]
    if empty:
        return f"empty {', '.join(empty)}"
    try:
        row["src"], row["tgt"] = normalize_language(row["src"], "src"), normalize_language(row["tgt"], "tgt")
    except AuditError as exc:
        return str(exc)
    try:
        re.compile(row["wrong"])
    except re.error as exc:
        return f"'wrong' is not a valid regular expression ({exc})"
    if row.get("severity") and row["severity"] not in SEVERITIES:
        return f"severity {row['severity']!r} is not one of {', '.join(SEVERITIES)}"
    if (f"{row['src']}-{row['tgt']}", row["id"]) in seen:
        return f"entry id {row['id']!r} repeats an earlier entry of {row['src']}-{row['tgt']}"
    return None


@lru_cache(maxsize=8)
def _user_entries(paths: tuple[str, ...]) -> tuple[LexiconEntry, ...]:
    return tuple(entry for path in paths for entry in read_user_lexicon(path))


def user_entries() -> tuple[LexiconEntry, ...]:
    """The entries of the user lexicons in force, parsed once per process."""
    return _user_entries(user_lexicon_paths())


def load_lexicons(tgt_lang: str | None = None) -> tuple[LexiconEntry, ...]:
    """Every entry of every lexicon file (`<src>-<tgt>.tsv`), or of the files into `tgt_lang` only."""
    paths = data_files("lexicons", "*.tsv" if tgt_lang is None else f"*-{tgt_lang}.tsv")
    return tuple(entry for path in paths for entry in _lexicon_file(path))


@lru_cache(maxsize=None)
def _lexicon_file(path: Path) -> tuple[LexiconEntry, ...]:
    """One lexicon file's entries, read once per process: through the user's cache (`audit.cache`, plain
    strings and tuples keyed on the file's bytes and this code), since deriving the cues from every 'wrong'
    expression costs ~0.3 s a run; the expressions are compiled when first used."""
    from audit.cache import cached, file_key

    fields = cached(f"lexicon-{path.stem}", f"{file_key(path)}-{_code_key()}", lambda: _entry_fields(path))
    return tuple(LexiconEntry(*values) for values in fields)


def _entry_fields(path: Path) -> list[tuple]:
    """The fields of a lexicon file's entries (checked: expressions compile, pair matches the file name)."""
    entries = tuple(parse_entry(row, path) for row in read_tsv(path))
    wrong = [e for e in entries if f"{e.src}-{e.tgt}" != path.stem]
    if wrong:
        raise ValueError(f"{path}: entry {wrong[0].id} is for {wrong[0].pair}; the file holds {path.stem} entries only")
    return [astuple(entry) for entry in entries]


@lru_cache(maxsize=1)
def _code_key() -> str:
    """A digest of the code that derives an entry's fields (this module and the regex parser)."""
    import hashlib

    from audit.detectors import regex_parse

    digest = hashlib.blake2b(digest_size=6)
    for module in (__file__, regex_parse.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def cue_index(src_lang: str | None, tgt_lang: str | None) -> tuple[tuple[int, ...], dict[str, tuple[int, ...]]]:
    """For the pair's entries: those without cues (always tried), and cue → the entries (by position in
    `entries_for`) that open with it."""
    return _cue_index(src_lang, tgt_lang, user_lexicon_paths())


@lru_cache(maxsize=64)
def _cue_index(src_lang: str | None, tgt_lang: str | None,
               user_paths: tuple[str, ...]) -> tuple[tuple[int, ...], dict[str, tuple[int, ...]]]:
    entries = _entries_for(src_lang, tgt_lang, user_paths)
    always = tuple(k for k, e in enumerate(entries) if not e.cues)
    by_cue: dict[str, list[int]] = {}
    for k, entry in enumerate(entries):
        for cue in entry.cues:
            by_cue.setdefault(cue, []).append(k)
    return always, {cue: tuple(ks) for cue, ks in by_cue.items()}


OPENING_LIMIT = 4  # the longest cue (`literal_cues`' limit)
WORDS_REMEMBERED = 1 << 15  # a bound on `CandidateFinder`'s memory of words (forgotten all at once beyond it)


class CandidateFinder:
    """The entries of a pair worth running on a segment: those whose cues open one of its words
    (`word_openings`) and whose literals it holds (`may_match`).

    Per word (remembered, as words recur) it knows two sets of entries: those with a cue that opens the word,
    and those with a key inside the word. An entry's key is the longest run of word characters of a
    literal it needs (its core's, else each of its anchors'): a literal in the segment has its key inside
    one of the segment's words. An entry must be in both sets (through any of the segment's words) to
    match, and those that are get the literal test itself (some 2 entries a segment, of some 50 cued).

    The memory is kept the other way round, so that a segment is read with set operations in C: the words
    with a key inside (few: ~3 of a segment's ~28 distinct words), and per entry the words its cues open;
    a segment's keyed entries are then kept if one of their words is the segment's."""

    def __init__(self, src_lang: str | None, tgt_lang: str | None, user_paths: tuple[str, ...]) -> None:
        self.always, self.by_cue = _cue_index(src_lang, tgt_lang, user_paths)
        self.literals = [_literal_filter(e) for e in _entries_for(src_lang, tgt_lang, user_paths)]
        keys = [_literal_keys(core, anchors) for core, anchors in self.literals]
        self.keyless = tuple(k for k, found in enumerate(keys) if not found)
        self.by_trigram: dict[str, list[tuple[str, int]]] = {}  # a key's first 3 letters -> (key, entry)
        for k, found in enumerate(keys):
            for key in found:
                self.by_trigram.setdefault(key[:3], []).append((key, k))
        self._always = frozenset(self.always)
        self._memory = _WordMemory()

    def _word_entries(self, word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The entries with a cue that opens `word`, and those with a key inside it."""
        cued = [self.by_cue.get(word[:k], ()) for k in range(2, min(OPENING_LIMIT, len(word)) + 1)]
        keyed = [k for i in range(len(word) - 2) for key, k in self.by_trigram.get(word[i:i + 3], ())
                 if word.startswith(key, i)]
        return tuple(k for ks in cued for k in ks), tuple(keyed)

    def _remember(self, word: str) -> None:
        memory = self._memory
        if len(memory.known) >= WORDS_REMEMBERED:
            memory = self._memory = _WordMemory()  # replaced, not cleared: a reader keeps a whole one
        cued, keyed = self._word_entries(word)
        for k in cued:
            memory.cued.setdefault(k, set()).add(word)
        if keyed:
            memory.keyed[word] = keyed
            memory.keyed_words.add(word)
        memory.known.add(word)  # last: a known word has all it says remembered (threads of a Dask worker)

    def candidates(self, text: str) -> list[int]:
        """Positions (in `entries_for`, ascending) of the entries whose regex has to be run on `text`."""
        words, memory = set(lowered_word_runs(text)), self._memory
        new = words - memory.known
        if new:
            for word in new:
                self._remember(word)
            memory = self._memory
            if not words <= memory.known:  # remembering replaced the memory amid the segment's words (a huge text)
                return self._candidates_unremembered(text, words)
        keyed = set(self.keyless)
        for word in words & memory.keyed_words:
            keyed.update(memory.keyed[word])
        if not keyed:
            return []
        always, cued = self._always, memory.cued
        return self._literal_test(text, [k for k in sorted(keyed)
                                         if k in always or not words.isdisjoint(cued.get(k, ()))])

    def _candidates_unremembered(self, text: str, words: set[str]) -> list[int]:
        cued, keyed = set(self.always), set(self.keyless)
        for word in words:
            found = self._word_entries(word)
            cued.update(found[0])
            keyed.update(found[1])
        return self._literal_test(text, sorted(cued & keyed))

    def _literal_test(self, text: str, entries: list[int]) -> list[int]:
        """Those of `entries` (ascending) that pass `may_match` on `text`."""
        if not entries:
            return []
        lowered = text.lower()
        kept = []
        for k in entries:  # `may_match`, inline
            core, anchors = self.literals[k]
            if core and core not in lowered:
                continue
            if anchors:
                for anchor in anchors:
                    if anchor in lowered:
                        break
                else:
                    continue
            kept.append(k)
        return kept


class _WordMemory:
    """What a `CandidateFinder` remembers of the words it has read (up to WORDS_REMEMBERED of them)."""

    __slots__ = ("known", "keyed", "keyed_words", "cued")

    def __init__(self) -> None:
        self.known: set[str] = set()  # the words remembered
        self.keyed: dict[str, tuple[int, ...]] = {}  # those with a key inside -> the entries keyed so
        self.keyed_words: set[str] = set()  # the same words, as a set (intersected with a segment's in C)
        self.cued: dict[int, set[str]] = {}  # entry -> the remembered words one of its cues opens


_KEY_MIN = 3  # a key is looked up by its first three letters


def _literal_keys(core: str, anchors: tuple[str, ...]) -> tuple[str, ...]:
    """Strings one of which lies inside a word of every segment that holds the literals (core, anchors):
    the longest run of word characters of the core, else of each anchor; () when one is too short."""
    for needed in ((core,) if core else (), anchors):
        keys = tuple(max(word_runs(literal), key=len, default="") for literal in needed)
        if needed and all(len(key) >= _KEY_MIN for key in keys):
            return keys
    return ()


def _literal_filter(entry: LexiconEntry) -> tuple[str, tuple[str, ...]]:
    """`may_match`'s test of an entry as (a literal that must be there, literals one of which must be): its
    core and anchors, the anchors dropped when the core is one of them, and a lone anchor made the core."""
    if entry.core in entry.anchors:
        return entry.core, ()
    if not entry.core and len(entry.anchors) == 1:
        return entry.anchors[0], ()
    return entry.core, entry.anchors


def candidate_finder(src_lang: str | None, tgt_lang: str | None) -> CandidateFinder:
    """The pair's `CandidateFinder`, one per process (with the user lexicons in force)."""
    return _candidate_finder(src_lang, tgt_lang, user_lexicon_paths())


@lru_cache(maxsize=64)
def _candidate_finder(src_lang: str | None, tgt_lang: str | None, user_paths: tuple[str, ...]) -> CandidateFinder:
    return CandidateFinder(src_lang, tgt_lang, user_paths)


def entries_for(src_lang: str | None, tgt_lang: str | None) -> tuple[LexiconEntry, ...]:
    """Entries for the pair (shipped, then the user's); with the source language unknown, every entry into
    the target language."""
    return _entries_for(src_lang, tgt_lang, user_lexicon_paths())


@lru_cache(maxsize=64)
def _entries_for(src_lang: str | None, tgt_lang: str | None, user_paths: tuple[str, ...]) -> tuple[LexiconEntry, ...]:
    return tuple(
        e for e in (*load_lexicons(tgt_lang), *_user_entries(user_paths))
        if e.tgt == tgt_lang and (src_lang is None or e.src == src_lang)
    )


def _lexicon_pairs() -> str:
    """The pairs with a shipped lexicon, as `audit rules` shows them."""
    pairs = " ".join(path.stem for path in data_files("lexicons"))
    return f"{pairs} (pairs with a lexicon in corpora/lexicons/ or given with --lexicon)"


SHORT_SEGMENT_WORDS = 8  # headlines and other short lines borrow context from their neighbours


def context_allows(entry: LexiconEntry, segment_text: str, window_text: str, source_says: bool = False) -> bool:
    """The entry's context cues: no forbid cue in the segment; a require cue in the segment (or, for a
    short segment such as a headline, in its neighbours), and not outnumbered by forbid cues there.
    When the aligned source holds the entry's trigger (`source_says`), the source is the evidence the require
    cues stand in for, so only the forbid cues (the word's legitimate sense in the target) are asked."""
    segment = fold(segment_text)
    if entry.forbid and entry.forbid.search(segment):
        return False
    if entry.require is None or source_says:
        return True
    window = fold(window_text) if count_words(segment_text) < SHORT_SEGMENT_WORDS else segment
    required = len(entry.require.findall(window))
    if not required:
        return False
    forbidden = len(entry.forbid.findall(window)) if entry.forbid else 0
    return forbidden <= required


PLACE_TRIGGERS = True  # a trigger must stand in the source sentence that the flagged target sentence renders


def _trigger_in_place(position: int, triggers: re.Pattern[str], target: str, source: str) -> bool:
    """Whether a source trigger stands in the sentence that the target sentence at `position` translates:
    when source and target have the same number of sentences (two or more), the k-th renders the k-th;
    otherwise the whole segment is the place. The sentence is cut from the source before folding (folding
    can change lengths: ½ becomes 1⁄2, a Hangul syllable its letters), then folded and searched."""
    target_starts, source_starts = sentence_starts(target), sentence_starts(source)
    if len(target_starts) != len(source_starts) or len(target_starts) < 2:
        return True
    sentence = bisect_right(target_starts, position) - 1
    end = source_starts[sentence + 1] if sentence + 1 < len(source_starts) else len(source)
    return triggers.search(fold(source[source_starts[sentence]:end])) is not None


def find_confusions(
    entry: LexiconEntry, segment: Segment, window_text: str, src_known: bool
) -> Iterator[Finding]:
    """Findings of one lexicon entry in one segment."""
    matches = list(entry.wrong.finditer(segment.target))
    if not matches:
        return
    trigger = None
    if segment.source is not None and entry.source_triggers is not None:
        folded = fold(segment.source)
        triggers = list(entry.source_triggers.finditer(folded))
        if PLACE_TRIGGERS:
            matches = [m for m in matches
                       if _trigger_in_place(m.start(), entry.source_triggers, segment.target, segment.source)]
        if not triggers or not matches:
            return
        trigger = triggers[0]
    if not context_allows(entry, segment.target, window_text, source_says=trigger is not None):
        return
    if trigger is not None:
        confidence, where = CONFIDENCE_WITH_SOURCE, f"; source has {trigger.group()!r}"
    elif src_known:
        confidence, where = CONFIDENCE_WITH_PAIR, ""
    else:
        confidence, where = CONFIDENCE_TARGET_ONLY, f"; source language unknown, {entry.pair} entry"
    for match in matches:
        yield make_finding(
            FALSE_FRIEND, segment, match.start(), match.end(),
            evidence=f"lexicon {entry.pair}:{entry.id} — {entry.note}{where}",
            suggestion=entry.intended, confidence=confidence, severity=entry.severity,
        )


def may_match(entry: LexiconEntry, lowered: str) -> bool:
    """The pre-filters, on the lower-cased segment: the literal every match holds is in it, and one of the
    literals one of which every match holds (False: the regex cannot match; True: it has to be run)."""
    if entry.core and entry.core not in lowered:
        return False
    return not entry.anchors or any(anchor in lowered for anchor in entry.anchors)


class LexiconDetector(Detector):
    """Known confusions for the document's language pair."""

    rules = (FALSE_FRIEND,)
    data_sources = (DataSource("lexicons", lambda src, tgt: bool(entries_for(src, tgt)), _lexicon_pairs),)

    def detect(self, doc: Document) -> Iterator[Finding]:
        entries = entries_for(doc.src_lang, doc.tgt_lang)
        finder = candidate_finder(doc.src_lang, doc.tgt_lang)
        for index, segment in enumerate(doc.segments):
            if not segment.target.strip():
                continue
            window = None
            # look up the segment's word openings instead of running every entry's regex over it
            for k in finder.candidates(segment.target):
                entry = entries[k]
                if not wrong_test(entry.wrong_text)(segment.target):
                    continue
                window = window if window is not None else doc.window(index)
                yield from find_confusions(entry, segment, window, doc.src_lang is not None)
