"""Hypothesis strategies for hostile text: arbitrary Unicode, mixed scripts, combining marks, emoji, RTL,
stray punctuation and quotes, mixed with real MT-like fragments so the detectors' deeper paths run too."""

from __future__ import annotations

from hypothesis import strategies as st

# characters that end a line in our reader, or that the readers reject as binary
LINE_BREAKS = "\n\r\x00"

FRAGMENTS = [
    "Get rid of the diet", "hundreds of inmates", "maybe in two. weeks", "urged the protests. via",
    "Published on: Amended:", "Comments are closed.", "“", "”", "«", "»", "..", " ,", "(", ")", "1,5", "3.000",
    "12h30", "le régime", "der Vertrag", "the the", "Mr.", "U.S.", "n't", "not", "never", "he", "she",
    "https://example.org/a?b=1", "مرحبا بالعالم", "שלום עולם", "こんにちは世界", "你好，世界", "e\u0301",
    "\u200f", "\u202e", "🇫🇷", "👩‍👩‍👧", "\ufeff", "\t", "  ",
]

unicode_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters=LINE_BREAKS)
pieces = st.one_of(st.text(unicode_chars, max_size=12), st.sampled_from(FRAGMENTS))
lines = st.lists(pieces, max_size=12).map(" ".join)
documents = st.lists(lines, min_size=0, max_size=6)


# --- hostile input files, one renderer per input format (the fuzz targets of tests/test_fuzz.py) ---------

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

# text that stresses the structure of the formats: quotes, delimiters, markup, escapes, entities, BOMs
STRUCTURAL = ['"', '""', "'", "\t", ",", ";", "\\", "\\n", '\\"', "<", ">", "&", "&amp;", "&#0;", "&#x1F;",
              "]]>", "<![CDATA[", "<g id='1'>", "</g>", "<x id='2'/>", "<bpt id='1'>&lt;b&gt;</bpt>", "msgid",
              'msgstr ""', "#,", "{", "}", "[", "]", "null", "\ufeff", "\x1b[31m", "\x07", "=HYPERLINK(\"x\")"]
fields = st.lists(st.one_of(pieces, st.sampled_from(STRUCTURAL)), max_size=8).map("".join)
rows = st.lists(st.tuples(fields, fields), max_size=5)  # (source, target)


def render_txt(pairs: list[tuple[str, str]]) -> bytes:
    return "".join(f"{target}\n" for _, target in pairs).encode("utf-8", "surrogatepass")


def render_table(pairs: list[tuple[str, str]], delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["id", "source", "target"])
    writer.writerows([str(k), source, target] for k, (source, target) in enumerate(pairs, 1))
    return out.getvalue().encode("utf-8", "surrogatepass")


def render_jsonl(pairs: list[tuple[str, str]]) -> bytes:
    return "".join(json.dumps({"id": k, "source": s, "target": t}, ensure_ascii=k % 2 == 0) + "\n"
                   for k, (s, t) in enumerate(pairs, 1)).encode("utf-8", "surrogatepass")


def render_xliff12(pairs: list[tuple[str, str]]) -> bytes:
    units = "".join(f'<trans-unit id="{k}"><source>{escape(s)}</source><target>{escape(t)}</target></trans-unit>'
                    for k, (s, t) in enumerate(pairs, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
            'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="fr" target-language="en" '
            f'datatype="plaintext" original="x"><body>{units}</body></file></xliff>\n').encode("utf-8", "surrogatepass")


def render_xliff20(pairs: list[tuple[str, str]]) -> bytes:
    units = "".join(f'<unit id="u{k}"><segment><source>{escape(s)}</source><target>{escape(t)}</target></segment>'
                    f'</unit>' for k, (s, t) in enumerate(pairs, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
            f'srcLang="fr" trgLang="en"><file id="f1">{units}</file></xliff>\n').encode("utf-8", "surrogatepass")


def render_tmx(pairs: list[tuple[str, str]]) -> bytes:
    units = "".join(f'<tu tuid={quoteattr(str(k))}><tuv xml:lang="fr"><seg>{escape(s)}</seg></tuv>'
                    f'<tuv xml:lang="en"><seg>{escape(t)}</seg></tuv></tu>' for k, (s, t) in enumerate(pairs, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="fr" adminlang="en" '
            f'segtype="sentence" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/>'
            f'<body>{units}</body></tmx>\n').encode("utf-8", "surrogatepass")


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def render_po(pairs: list[tuple[str, str]]) -> bytes:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
    entries = "".join(f"#: x.c:{k}\nmsgid {_po_string(s or f'source {k}')}\nmsgstr {_po_string(t)}\n\n"
                      for k, (s, t) in enumerate(pairs, 1))
    return (header + entries).encode("utf-8", "surrogatepass")


RENDERERS = {
    ".txt": render_txt,
    ".tsv": lambda pairs: render_table(pairs, "\t"),
    ".csv": lambda pairs: render_table(pairs, ","),
    ".jsonl": render_jsonl,
    ".xlf": render_xliff12,
    ".xliff": render_xliff20,
    ".tmx": render_tmx,
    ".po": render_po,
}

# byte-level damage: (position, bytes cut, bytes inserted)
edits = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 8), st.binary(max_size=8)), max_size=4)


def mutate(data: bytes, changes: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, cut, insert in changes:
        at = position % (len(out) + 1)
        out[at:at + cut] = insert
    return bytes(out)


def input_files(suffix: str) -> st.SearchStrategy[bytes]:
    """Files of one input format: well formed (escaped by the format's own rules) or damaged byte-wise."""
    render = RENDERERS[suffix]
    return st.builds(lambda pairs, changes, damage: mutate(render(pairs), changes if damage else []),
                     rows, edits, st.booleans())
