"""Placeholders and markup compared with the source: what software fills in or renders must survive
translation (pofilter's printf, pythonformat, pythonbraceformat, variables and xmltags checks).

Each segment with a source is read for
- printf conversions (`%s %d %5.2f %ld`, positional `%1$s`, `%%`) and Python's `%(name)s`;
- brace placeholders: Python/.NET/ICU `{0} {name} {0:.2f} {count, number}` (not `{{`), and ICU
  `{count, plural, ...}` / `select` / `selectordinal` arguments, compared by name and type (the
  sub-messages are translated text: their number changes with the language's plural forms);
- the inline codes of XLIFF/TMX input, which the reader writes as ⟦x1⟧, ⟦g1⟧…⟦/g1⟧ (`audit.inputs.xml`);
- markup tags `<b> </b> <br/> <a href="…">` (PH002), by name, kind and the values of attributes
  that are not text (alt, title, aria-label, placeholder and label are translated and ignored).

Positional printf conversions must keep their number and type; unnumbered ones are numbered in order,
so swapping `%s %d` is found (the order is the argument order) while `%2$d %1$s` for `%s %d` is not.
Everything else is compared as a multiset: a language may reorder names, codes and tags.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import Rule
from audit.segments import Document, Segment

PLACEHOLDER = Rule(
    code="PH001",
    name="placeholder-mismatch",
    family="placeholders",
    category="design/markup",
    severity="major",
    what="Compares the placeholders of the target with the source's: printf (`%s`, `%1$d`, `%%`), Python "
    "`%(name)s`, brace and ICU (`{0}`, `{name}`, `{count, plural, …}`) and the inline codes of XLIFF/TMX "
    "files (⟦x1⟧, ⟦g1⟧… in the text form). A placeholder missing from the target is reported as an empty "
    "span where it would go; one added or changed, on the target's placeholder.",
    why="Software fills placeholders at run time: a missing or changed one loses a value or crashes the "
    "program (`%d` given a string), an extra one prints garbage; a lost inline code breaks the "
    "document's formatting or links.",
    example="Source: %(count)d files deleted from %s — Target: %(nombre)d fichiers supprimés.",
    instead="%(count)d fichiers supprimés de %s.",
)

MARKUP = Rule(
    code="PH002",
    name="markup-mismatch",
    family="placeholders",
    category="design/markup",
    severity="major",
    what="Compares the markup tags of the target with the source's (`<b>`, `</b>`, `<br/>`, "
    "`<a href=\"…\">`): tag names, opening/closing/empty kind and the values of attributes that are not "
    "text (href, src, class …; alt, title, aria-label, placeholder and label are translated).",
    why="A dropped closing tag runs bold or a link on to the end of the page; a changed href sends "
    "readers elsewhere; an extra tag breaks the page's structure.",
    example="Source: Click <a href=\"/help\">here</a> for <b>help</b>. — Target: Cliquez ici pour "
    "<b>de l'aide.",
    instead="Cliquez <a href=\"/help\">ici</a> pour <b>de l'aide</b>.",
)

PRINTF = re.compile(
    r"%%|%(?:(?P<pos>[1-9]\d*)\$)?(?P<name>\([^()\s]{1,64}\))?[-+#0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?P<len>hh|ll|I64|I32|[hlLqjzt])?(?P<conv>[diouxXeEfFgGaAcspn@])")
CODE = re.compile("\u27e6(/?(?:bpt|ept|bx|ex|ph|it|ut|sc|ec|pc|x|g))([A-Za-z0-9._:-]*)\u27e7")
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})((?:\s[^<>]{0,500}?)?)\s*(/?)>")
ATTRIBUTE = re.compile(r"""([A-Za-z_:][\w:.-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder", "label"})
ICU_COMPLEX = re.compile(r"\s*([\w.]+)\s*,\s*(plural|select|selectordinal)\s*,", re.S)
ICU_SIMPLE = re.compile(r"\s*([\w.]+)\s*,\s*(number|date|time|spellout|ordinal|duration)\s*(,[^{}]*)?", re.S)
BRACE_FIELD = re.compile(r"[A-Za-z_0-9][\w.\[\]]*(![rsa])?(:[^{}]*)?|(![rsa])?(:[^{}]*)?")
CONVERSION_CLASSES = {"i": "d", "F": "f", "E": "e", "G": "g", "X": "x", "A": "a"}  # same argument type
MAX_BRACE_SPAN = 2000  # an ICU message is short; a brace that runs further is text, not a placeholder


@dataclass(frozen=True)
class Token:
    """One placeholder or tag found in a text: what it is compared by (`key`) and where it is."""

    family: str  # printf, python, brace, code, tag
    key: tuple
    start: int
    end: int
    text: str


def printf_tokens(text: str) -> list[Token]:
    """printf conversions: unnumbered ones get their order as position (1, 2 …), `%%` its own key."""
    tokens, order = [], 0
    for match in PRINTF.finditer(text):
        raw = match.group(0)
        if raw == "%%":
            tokens.append(Token("printf", ("%%",), match.start(), match.end(), raw))
            continue
        conv = CONVERSION_CLASSES.get(match["conv"], match["conv"])
        if match["name"]:
            tokens.append(Token("python", (match["name"], conv), match.start(), match.end(), raw))
            continue
        if match["pos"]:
            position = int(match["pos"])
        else:
            order += 1
            position = order
        tokens.append(Token("printf", (position, (match["len"] or "") + conv), match.start(), match.end(), raw))
    return tokens


def brace_tokens(text: str) -> list[Token]:
    """Brace and ICU placeholders at the top level of `text` (`{{` and `}}` are literal braces)."""
    if "{" not in text:
        return []  # what the scan below finds without an opening brace (it walked every character)
    tokens, i = [], 0
    while i < len(text):
        if text.startswith(("{{", "}}"), i):
            i += 2
            continue
        if text[i] != "{":
            i += 1
            continue
        end = _closing_brace(text, i)
        if end is None:
            i += 1
            continue
        key = _brace_key(text[i + 1:end])
        if key is not None:
            tokens.append(Token("brace", key, i, end + 1, text[i:end + 1]))
        i = end + 1
    return tokens


def _closing_brace(text: str, start: int) -> int | None:
    depth = 0
    for k in range(start, min(len(text), start + MAX_BRACE_SPAN)):
        if text[k] == "{":
            depth += 1
        elif text[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    return None


def _brace_key(inside: str) -> tuple | None:
    """What a brace placeholder is compared by, or None when the braces hold text, not a placeholder."""
    complex_ = ICU_COMPLEX.match(inside)
    if complex_:
        return ("icu", complex_[1], complex_[2])
    simple = ICU_SIMPLE.fullmatch(inside)
    if simple:
        return ("icu", simple[1], simple[2], re.sub(r"\s+", "", simple[3] or ""))
    if "{" not in inside and BRACE_FIELD.fullmatch(inside):
        return ("field", inside)
    return None


def code_tokens(text: str) -> list[Token]:
    return [Token("code", (m[1], m[2]), m.start(), m.end(), m[0]) for m in CODE.finditer(text)]


def tag_tokens(text: str) -> list[Token]:
    """Markup tags, keyed by name, kind (open, close, empty) and the attributes that are not text."""
    tokens = []
    for match in TAG.finditer(text):
        closing, name, attributes, empty = match.groups()
        kind = "close" if closing else ("empty" if empty else "open")
        kept = tuple(sorted((a.lower(), v.strip("\"'")) for a, v in ATTRIBUTE.findall(attributes)
                            if a.lower() not in TEXT_ATTRIBUTES))
        tokens.append(Token("tag", (name.lower(), kind, kept), match.start(), match.end(), match[0]))
    return tokens


def placeholder_tokens(text: str) -> list[Token]:
    """Every placeholder of PH001 in `text` (inline-code tokens hide nothing else: they hold no % or {)."""
    return printf_tokens(text) + brace_tokens(text) + code_tokens(text)


def compare(source: list[Token], target: list[Token]) -> Iterator[tuple[str, Token | None, Token | None]]:
    """("missing", source token, None), ("extra", None, target token) and ("changed", source, target):
    multisets by family; a missing and an extra token of one family (a positional printf: of one position)
    pair up as a change."""
    for family in dict.fromkeys(t.family for t in source + target):
        src = [t for t in source if t.family == family]
        tgt = [t for t in target if t.family == family]
        if family == "printf":
            yield from _compare_positions(src, tgt)
            continue
        extra = _minus(tgt, src)
        for before in _minus(src, tgt):
            after = next((t for t in extra if _kind(t) == _kind(before)), None)
            if after is None:
                yield "missing", before, None
            else:
                extra.remove(after)
                yield "changed", before, after
        for after in extra:
            yield "extra", None, after


def _kind(token: Token) -> tuple:
    """What a missing and an extra token must share to be one changed placeholder: the code's kind
    (x, /g …), the tag's name, the brace's kind (a field, an ICU type), the Python conversion."""
    if token.family in ("code", "tag"):
        return token.key[:1]
    if token.family == "brace":
        return token.key[:1] if token.key[0] == "field" else token.key[::2]
    return token.key[1:]


def _minus(tokens: list[Token], other: list[Token]) -> list[Token]:
    """The tokens of `tokens` left over once each key of `other` has taken one (in text order)."""
    available = Counter(t.key for t in other)
    left = []
    for token in tokens:
        if available[token.key]:
            available[token.key] -= 1
        else:
            left.append(token)
    return left


def _compare_positions(src: list[Token], tgt: list[Token]) -> Iterator[tuple[str, Token | None, Token | None]]:
    """printf by position: each source position must be in the target with the same type (a position
    may repeat in the target); `%%` counted."""
    yield from compare([Token("escape", t.key, t.start, t.end, t.text) for t in src if t.key == ("%%",)],
                       [Token("escape", t.key, t.start, t.end, t.text) for t in tgt if t.key == ("%%",)])
    wanted = {t.key[0]: t for t in src if t.key != ("%%",)}
    found: dict[int, list[Token]] = {}
    for token in tgt:
        if token.key != ("%%",):
            found.setdefault(token.key[0], []).append(token)
    for position, before in wanted.items():
        if position not in found:
            yield "missing", before, None
        for after in found.get(position, []):
            if after.key != before.key:
                yield "changed", before, after
    for position, extra in found.items():
        if position not in wanted:
            for after in extra:
                yield "extra", None, after


def missing_offset(segment: Segment, token: Token, taken: list[Token]) -> int:
    """Where a placeholder missing from the target would go: the word boundary of the target nearest the
    place the source has it (proportionally), outside the target's own placeholders."""
    target, source = segment.target, segment.source or ""
    wanted = round(token.start / max(len(source), 1) * len(target))
    if token.start == 0:
        return 0
    candidates = [k for k in range(len(target) + 1)
                  if (k in (0, len(target)) or (target[k - 1].isspace() != target[k].isspace()))
                  and not any(t.start < k < t.end for t in taken)]
    return min(candidates, key=lambda k: (abs(k - wanted), k))


def _finding(rule: Rule, segment: Segment, kind: str, before: Token | None, after: Token | None,
             taken: list[Token]) -> Finding:
    what = "tag" if rule is MARKUP else "placeholder"
    if kind == "missing":
        at = missing_offset(segment, before, taken)
        return make_finding(rule, segment, at, at, confidence=0.9, suggestion=before.text,
                            evidence=f"the source's {what} {before.text} is missing from the target")
    if kind == "extra":
        return make_finding(rule, segment, after.start, after.end, confidence=0.85,
                            evidence=f"{what} {after.text} is not in the source")
    return make_finding(rule, segment, after.start, after.end, confidence=0.9, suggestion=before.text,
                        evidence=f"{what} {after.text} in place of the source's {before.text}")


def find_mismatches(segment: Segment) -> Iterator[Finding]:
    """PH001 and PH002 findings of one segment with a source."""
    source, target = segment.source or "", segment.target
    for rule, read in ((PLACEHOLDER, placeholder_tokens), (MARKUP, tag_tokens)):
        src, tgt = read(source), read(target)
        if not src and not tgt:
            continue
        for kind, before, after in compare(src, tgt):
            yield _finding(rule, segment, kind, before, after, tgt)


class PlaceholderDetector(Detector):
    """Placeholders, inline codes and markup tags compared with the source."""

    rules = (PLACEHOLDER, MARKUP)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for segment in doc.segments:
            if segment.source is not None and segment.target.strip():
                yield from find_mismatches(segment)
