"""FreeDict bilingual dictionaries (dictd format) found on the user's system, indexed once into the cache.

FreeDict data is GPL: it is never shipped with `audit`. It is read at run time from the directories of
`$AUDIT_DICT_PATH` (`os.pathsep`-separated; `--dict-dir` prepends to it) and `/usr/share/dictd`, where
the Debian packages `dict-freedict-fra-eng` etc. put it. A file `freedict-fra-eng.index` with its
`freedict-fra-eng.dict.dz` (or `.dict`) gives the fr→en direction.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import sqlite3
import sys
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterable

from audit.store import SEPARATOR, Store, create_table
from audit.cache import cached
from audit.corpora import corpora_dir, read_tsv
from audit.text import marked_words

SYSTEM_DIR = Path("/usr/share/dictd")
ENV_VAR = "AUDIT_DICT_PATH"
PARSER_VERSION = "3"  # the index format: a new one re-indexes

# ISO 639-3 codes FreeDict names its files with → the ISO 639-1 codes `audit` uses
ISO3_TO_ISO1 = {
    "eng": "en", "fra": "fr", "deu": "de", "spa": "es", "ita": "it", "por": "pt", "nld": "nl", "swe": "sv",
    "dan": "da", "nor": "no", "nob": "nb", "fin": "fi", "pol": "pl", "ces": "cs", "rus": "ru", "ell": "el",
    "tur": "tr", "hun": "hu", "ron": "ro", "jpn": "ja", "zho": "zh", "ara": "ar", "hin": "hi", "lat": "la",
    "cat": "ca", "gle": "ga", "isl": "is", "bul": "bg", "hrv": "hr", "srp": "sr", "slv": "sl", "slk": "sk",
    "ukr": "uk", "kur": "ku", "afr": "af", "epo": "eo", "kha": "kha", "lit": "lt", "bre": "br", "oci": "oc",
}
_FILE = re.compile(r"^freedict-([a-z]{3})-([a-z]{3})\.index$")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_MARKUP = re.compile(r"<[^>]*>|\[[^\]]*\]|\([^)]*\)|/[^/]*/|\{[^}]*\}")
# sense numbers opening a line: "2. ", and eng-pol's "I.  1.  " (part of speech, then sense)
_NUMBERING = re.compile(r"^\s*(?:[IVX]{1,4}\.\s+)?(?:\d+\.\s*)?")
_LEADING_DASH = re.compile(r"^\s*-\s+")  # eng-pol's " - mieszkać" (a phrasal sense)
_NUMBERED = re.compile(r"^\s*\d+\.\s")
_TRAILING_NUMBER = re.compile(r"\s+\d+\.\s*$")  # pol-eng's "1. house, home 2." (the next gloss's number)
# Files whose senses are a translation line, then a gloss in the source language ("woda" → "water", then
# "bezbarwna i bezzapachowa ciecz"): only the first line and the numbered lines translate.
GLOSSED = frozenset({"freedict-pol-eng"})
_SKIPPED_LINE = re.compile(r"^\s+(?:\"|Synonyms?:|see:|Note:)")
# words of a translation phrase that carry no meaning of their own ("to go", "sth", "etw.")
_FILLER = frozenset("to a an the sth sb sth. sb. etw etw. jdn jdm jds jdn. jdm. qn qc qch qqn qqch".split())


@dataclass(frozen=True)
class DictFile:
    """One direction of one FreeDict dictionary on disk."""

    src: str
    tgt: str
    index: Path
    data: Path

    @property
    def name(self) -> str:
        return self.index.name.removesuffix(".index")


def search_dirs() -> list[Path]:
    """Where dictionaries are looked for, first match wins: $AUDIT_DICT_PATH's entries, then /usr/share/dictd."""
    extra = [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    return extra + [SYSTEM_DIR]


def find_dict_files(dirs: list[Path] | None = None) -> dict[tuple[str, str], DictFile]:
    """Every (source, target) direction with a readable FreeDict file, by ISO 639-1 codes."""
    found: dict[tuple[str, str], DictFile] = {}
    for directory in dirs if dirs is not None else search_dirs():
        if not directory.is_dir():
            continue
        for index in sorted(directory.glob("freedict-*.index")):
            match = _FILE.match(index.name)
            data = next((p for p in (index.with_suffix(".dict.dz"), index.with_suffix(".dict")) if p.is_file()), None)
            if not match or data is None:
                continue
            pair = (ISO3_TO_ISO1.get(match.group(1), match.group(1)), ISO3_TO_ISO1.get(match.group(2), match.group(2)))
            found.setdefault(pair, DictFile(pair[0], pair[1], index, data))
    return found


def _decode_b64(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + _B64.index(char)
    return value


def _translation_lines(entry: str, glossed: bool) -> list[str]:
    """The lines of an entry that give translations (a glossed file's glosses left out)."""
    lines = [line for line in entry.splitlines()[1:] if line.strip() and not _SKIPPED_LINE.match(line)]
    if glossed:
        lines = [line for i, line in enumerate(lines) if i == 0 or _NUMBERED.match(line)]
        lines = [_TRAILING_NUMBER.sub("", line) for line in lines]
    return lines


def translation_phrases(entry: str, glossed: bool = False) -> list[str]:
    """The translations an entry gives, case-folded, without grammar, domain labels, examples or cross-references."""
    phrases = []
    for line in _translation_lines(entry, glossed):
        line = _NUMBERING.sub("", _MARKUP.sub(" ", line)).replace("~", " ")  # eng-hin joins words with ~
        line = _LEADING_DASH.sub("", line)
        for part in re.split(r"[,;]", line):
            phrase = " ".join(part.split()).casefold().strip(" .…")
            if phrase and not phrase.startswith("00"):
                phrases.append(phrase)
    return phrases


def phrase_words(phrase: str) -> list[str]:
    """The meaningful words of a translation phrase ("to speed up" → speed, up)."""
    return [w for w in marked_words(phrase) if w not in _FILLER]


def parse_dict_file(dict_file: DictFile) -> dict[str, frozenset[str]]:
    """Headword (case-folded, one word) → its translations: whole phrases and their single words."""
    raw = dict_file.data.read_bytes()
    data = gzip.decompress(raw) if dict_file.data.suffix == ".dz" else raw
    table: dict[str, set[str]] = {}
    for line in dict_file.index.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00database") or " " in parts[0].strip():
            continue
        offset, length = _decode_b64(parts[1]), _decode_b64(parts[2])
        entry = data[offset:offset + length].decode("utf-8", "replace")
        phrases = translation_phrases(entry, dict_file.name in GLOSSED)
        if not phrases:
            continue
        bucket = table.setdefault(parts[0].strip().casefold(), set())
        for phrase in phrases:
            bucket.add(phrase)
            bucket.update(phrase_words(phrase))
    return {head: frozenset(sys.intern(w) for w in words) for head, words in table.items()}


def _content_digest(dict_file: DictFile) -> str:
    digest = hashlib.blake2b(digest_size=8)
    digest.update(PARSER_VERSION.encode())
    for path in (dict_file.index, dict_file.data):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _digest(dict_file: DictFile) -> str:
    """A digest of the files' bytes (the index's key), remembered in the cache under their paths, sizes
    and modification times: hashing de-en's 55 MB cost every process ~0.08 s."""
    stamp = "|".join(f"{p.resolve()}|{p.stat().st_size}|{p.stat().st_mtime_ns}" for p in (dict_file.index, dict_file.data))
    key = hashlib.blake2b(f"{PARSER_VERSION}|{stamp}".encode(), digest_size=8).hexdigest()
    return cached(f"freedict/digests/{dict_file.name}", key, lambda: _content_digest(dict_file))


@dataclass(frozen=True)
class Dictionary:
    """One direction: headword → translations."""

    src: str
    tgt: str
    name: str
    entries: dict[str, frozenset[str]]

    def translations(self, *forms: str) -> frozenset[str]:
        """The translations of any of `forms` (surface, lemma), case-folded."""
        found: frozenset[str] = frozenset()
        for form in forms:
            found = found | self.entries.get(form.casefold(), frozenset())
        return found

    def knows(self, *forms: str) -> bool:
        return any(form.casefold() in self.entries for form in forms)

    def __len__(self) -> int:
        return len(self.entries)


def load_dictionary(dict_file: DictFile) -> Dictionary:
    """One direction, parsed from its files."""
    return Dictionary(dict_file.src, dict_file.tgt, dict_file.name, parse_dict_file(dict_file))


def base_language(code: str | None) -> str | None:
    """'pt-BR' → 'pt'."""
    return code.replace("_", "-").split("-")[0].lower() if code else None


def inverted(dictionary: Dictionary) -> dict[str, frozenset[str]]:
    """The dictionary read backwards: each one-word translation → the headwords that give it."""
    table: dict[str, set[str]] = {}
    for head, translations in dictionary.entries.items():
        for word in translations:
            if " " not in word:
                table.setdefault(word, set()).add(head)
    return {word: frozenset(heads) for word, heads in table.items()}


def _merged(own: Dictionary | None, other: Dictionary | None) -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = dict(own.entries) if own else {}
    if other is not None:
        for word, heads in inverted(other).items():
            table[word] = table.get(word, frozenset()) | heads
    return table


def _rows(table: dict[str, frozenset[str]]) -> Iterable[tuple[str, str]]:
    return ((head, SEPARATOR.join(sorted(words))) for head, words in table.items())


def _fill_pair(src: str, tgt: str, files: dict[tuple[str, str], DictFile]) -> Callable[[sqlite3.Connection], None]:
    """How the pair's database is written: both directions, each its own file and the other read backwards."""
    def fill(connection: sqlite3.Connection) -> None:
        forward = load_dictionary(files[(src, tgt)]) if (src, tgt) in files else None
        backward = load_dictionary(files[(tgt, src)]) if (tgt, src) in files else None
        tables = {"to_target": _merged(forward, backward), "to_source": _merged(backward, forward)}
        for name, table in tables.items():
            create_table(connection, name, _rows(table))
        create_table(connection, "meta", [(name, str(len(table))) for name, table in tables.items()])
    return fill


def _split(value: str | None) -> frozenset[str] | None:
    return frozenset(value.split(SEPARATOR)) if value is not None else None


class BilingualDictionary:
    """Both directions of a pair, each the union of its own file and the other file read backwards, plus
    our core vocabulary; looked up per word in the pair's database."""

    def __init__(self, src: str, tgt: str, forward: str | None, backward: str | None, store: Store,
                 core: tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]], flipped: bool = False) -> None:
        self.src, self.tgt = src, tgt
        self.forward, self.backward = forward, backward  # the file names the pair was built from
        self._store, self._core, self._flipped = store, core, flipped
        self._entry = lru_cache(maxsize=262_144)(self._lookup)

    def _lookup(self, towards_target: bool, word: str) -> frozenset[str] | None:
        """The translations of one case-folded word, None for a word the dictionary does not know."""
        stored = _split(self._store.get(self._table(towards_target), word))
        extra = self._core[0 if towards_target else 1].get(word)
        if extra is None:
            return stored
        return extra if stored is None else stored | extra

    def source_entry(self, word: str) -> frozenset[str] | None:
        """What one case-folded source word means in the target language (None: not a headword)."""
        return self._entry(True, word)

    def source_translations(self, *forms: str) -> frozenset[str]:
        """What source words (surface, lemma) mean in the target language."""
        return frozenset().union(*(self._entry(True, f.casefold()) or () for f in forms))

    def target_translations(self, *forms: str) -> frozenset[str]:
        """What target words mean in the source language."""
        return frozenset().union(*(self._entry(False, f.casefold()) or () for f in forms))

    def knows_source(self, *forms: str) -> bool:
        return any(self._entry(True, f.casefold()) is not None for f in forms)

    def knows_target(self, *forms: str) -> bool:
        return any(self._entry(False, f.casefold()) is not None for f in forms)

    def reversed(self) -> "BilingualDictionary":
        """The same pair seen from the other side (one index serves en→de and de→en)."""
        core = (self._core[1], self._core[0])
        return BilingualDictionary(self.tgt, self.src, self.backward, self.forward, self._store, core, not self._flipped)

    @cached_property
    def headwords(self) -> int:
        """Source headwords, the core vocabulary's included."""
        table = self._table(True)
        stored = int(self._store.get("meta", table) or 0)
        return stored + sum(1 for word in self._core[0] if self._store.get(table, word) is None)

    def _table(self, towards_target: bool) -> str:
        return "to_target" if towards_target != self._flipped else "to_source"


def _core_tables(src: str, tgt: str) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The core vocabulary as (source → targets, target → sources)."""
    to_target: dict[str, frozenset[str]] = {}
    to_source: dict[str, frozenset[str]] = {}
    for a, b in core_vocabulary(src, tgt):
        to_target[a] = to_target.get(a, frozenset()) | {b}
        to_source[b] = to_source.get(b, frozenset()) | {a}
    return to_target, to_source


@lru_cache(maxsize=None)
def bilingual_dictionary(src_lang: str | None, tgt_lang: str | None) -> BilingualDictionary | None:
    """Both directions for the pair (by base language), or None when neither is installed. Indexed once
    into the user cache, keyed on a digest of the dictionary files (a new package version re-indexes)."""
    src, tgt = base_language(src_lang), base_language(tgt_lang)
    if not src or not tgt or src == tgt:
        return None
    if tgt < src:
        mirror = bilingual_dictionary(tgt, src)
        return mirror.reversed() if mirror is not None else None
    files = find_dict_files()
    present = [files[p] for p in ((src, tgt), (tgt, src)) if p in files]
    if not present:
        return None
    key = "-".join(_digest(f) for f in present)
    store = Store(f"freedict/{src}-{tgt}", key, _fill_pair(src, tgt, files))
    forward, backward = (files[p].name if p in files else None for p in ((src, tgt), (tgt, src)))
    return BilingualDictionary(src, tgt, forward, backward, store, _core_tables(src, tgt))


def core_vocabulary(src: str, tgt: str) -> list[tuple[str, str]]:
    """(source, target) pairs of our own core vocabulary for the pair (corpora/dictionaries), either file
    direction."""
    folder = corpora_dir() / "dictionaries"
    pairs: list[tuple[str, str]] = []
    for name, flip in ((f"{src}-{tgt}.tsv", False), (f"{tgt}-{src}.tsv", True)):
        if (folder / name).is_file():
            for row in read_tsv(folder / name):
                a, b = row["source"].casefold(), row["target"].casefold()
                pairs.append((b, a) if flip else (a, b))
    return pairs


DICTIONARY_RULES = ("BL003", "BL004", "BL005")  # the rules that need a dictionary (polarity and magnitude run without)


def pair_status(src_lang: str | None, tgt_lang: str | None) -> dict:
    """What the meta file and the summary say about the pair's dictionaries (found without loading them)."""
    src, tgt = base_language(src_lang), base_language(tgt_lang)
    if not src or not tgt or src == tgt:
        return {"pair": None, "found": [], "skipped": False}
    files = find_dict_files()
    found = [files[p].name for p in ((src, tgt), (tgt, src)) if p in files]
    status = {"pair": f"{src}-{tgt}", "found": found, "skipped": not found}
    if not found:
        status["skipped_rules"] = list(DICTIONARY_RULES)
    return status


def installed_dictionaries() -> list[dict]:
    """Every dictionary found: pair, headwords (index lines), compressed size and path, by pair."""
    rows = []
    for (src, tgt), dict_file in sorted(find_dict_files().items()):
        with dict_file.index.open(encoding="utf-8", errors="replace") as handle:
            headwords = sum(1 for line in handle if not line.startswith("00database"))
        rows.append({"pair": f"{src}-{tgt}", "headwords": headwords,
                     "megabytes": round(dict_file.data.stat().st_size / 1e6, 1), "path": str(dict_file.data)})
    return rows
