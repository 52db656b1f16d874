"""HTML pages as input, and the documents that feeds and pages are made of.

A page is read with lxml's HTML parser (libxml2: tolerant of real pages, no network, no DTD, entities of
HTML only) and its visible text is cut into blocks the way a reader sees them: one segment per paragraph,
heading, list item, table cell, and so on (`BLOCKS`), a `<br>` ending a segment like a line end in plain
text. Whitespace runs collapse to one space as a browser shows them (not in `<pre>`, whose lines are
segments); non-breaking spaces are kept. Scripts, styles, `<noscript>`, `<template>`, the `<head>` and
elements marked `hidden` show nothing and are dropped. Page furniture is NOT dropped: the text of `<nav>`,
`<header>`, `<footer>` and `<aside>` stays, so the boilerplate rules (BP001) see "Published on:" or
"Share on Twitter" where the page shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from audit.errors import AuditError
from audit.inputs.formats import Units
from audit.inputs.readers import decode_text, read_bytes

# Elements that start and end a block of text (HTML's block-level and list/table elements).
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
# Elements whose content is never shown as text.
INVISIBLE = frozenset({"head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                       "math", "canvas", "select", "datalist"})
_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML's whitespace: U+00A0 and other spaces are text


@dataclass(frozen=True)
class Item:
    """One document of a feed (an item or entry) or a page: its blocks (the title first, when it has one)
    and what pairs it with the same item in another feed."""

    blocks: tuple[str, ...]
    guid: str | None = None
    link: str | None = None
    titled: bool = False  # whether the first block is the item's title

    def key(self, position: int) -> str:
        """The item's id in the report: its guid, else its link, else its position in the feed."""
        return self.guid or self.link or str(position)


@dataclass
class Items(Units):
    """Units made of documents: every block of every item is a unit; `documents[k]` names the document
    unit k belongs to (appended to the file name as `#name`; "" for a page, which is its file)."""

    items: list[Item] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, items: list[Item], whole_file: bool, src_lang: str | None = None,
           tgt_lang: str | None = None) -> Items:
        """The units of `items`: each block a unit with the item's key as id (a page's blocks are numbered)."""
        units = cls(src_lang=src_lang, tgt_lang=tgt_lang, items=items)
        for position, item in enumerate(items, 1):
            for block in item.blocks:
                units.add(block, unit_id="" if whole_file else item.key(position))
                units.documents.append("" if whole_file else str(position))
        return units


def html_blocks(html: str, name: str) -> list[str]:
    """The visible text blocks of an HTML page or fragment, in document order (see the module's doc)."""
    root = parse_html(html, name)
    return [] if root is None else _BlockWalk().run(root)


def parse_html(html: str, name: str):
    """The root element of an HTML page or fragment (None when there is nothing but whitespace)."""
    import lxml.html
    from lxml import etree

    # Bytes in the encoding we decoded with (an XHTML page's XML declaration or a <meta charset> naming
    # another would be refused in a str, or obeyed in the file's bytes: --encoding decides, as for text).
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True,
                                  recover=True)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except etree.ParserError:  # "Document is empty"
        return None
    except (etree.LxmlError, ValueError) as exc:
        raise AuditError(f"{name}: cannot read the HTML ({exc})") from None
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":  # libxml2 drops what lies deeper, silently otherwise
            raise AuditError(f"{name}:{error.line}: HTML nested too deeply ({error.message.split(',')[0]})")
    return root


class _BlockWalk:
    """Collects text into blocks, walking the tree without recursion (libxml2 bounds the nesting)."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.parts: list[str] = []

    def run(self, root) -> list[str]:
        from lxml import etree

        skipped = 0  # depth inside an element whose text is dropped (invisible) or already taken (<pre>)
        for event, element in etree.iterwalk(root, events=("start", "end")):
            tag = element.tag.lower() if isinstance(element.tag, str) else ""
            skip = skipped > 0 or tag in INVISIBLE or tag == "pre" or element.get("hidden") is not None
            if event == "start":
                if not skipped:
                    self.open(tag, element)
                skipped += skip
                continue
            skipped -= skip
            if not skipped:
                self.close(tag)
                if element.tail:
                    self.parts.append(element.tail)  # the tail follows the element, inside its parent
        self.flush()
        return self.blocks

    def open(self, tag: str, element) -> None:
        if tag in INVISIBLE or element.get("hidden") is not None:
            return
        if tag in BLOCKS or tag in ("br", "pre"):
            self.flush()
        if tag == "pre":  # whitespace is kept there: each non-blank line is a segment
            self.blocks.extend(line for line in element.text_content().splitlines() if line.strip())
        elif element.text:
            self.parts.append(element.text)

    def close(self, tag: str) -> None:
        if tag in BLOCKS:
            self.flush()

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.parts)).strip(" ")
        if text:
            self.blocks.append(text)
        self.parts = []


def read_page(path: str) -> Items:
    """An HTML page (.html, .htm) as one document: its visible text blocks, one segment each; the page's
    `<html lang>` gives the target language."""
    root = parse_html(decode_text(read_bytes(path), path), path)
    blocks = _BlockWalk().run(root) if root is not None else []
    return Items.of([Item(tuple(blocks))], whole_file=True, tgt_lang=_language(root))


def _language(root) -> str | None:
    """The primary language subtag of `<html lang>`, when it looks like one."""
    lang = (root.get("lang") or "") if root is not None else ""
    primary = lang.strip().split("-")[0].split("_")[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None
