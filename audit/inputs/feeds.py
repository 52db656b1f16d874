"""RSS 2.0 and Atom feeds as input: one document per item, paired with a source feed by guid or link.

A feed is first parsed by our own XML parser (`audit.inputs.xml.parse_xml`: no DTD, no entity, bounded
nesting, malformed XML refused with its line), then read by feedparser from the bytes, never a path or a
URL (feedparser would open a file or fetch a URL named by a string), with HTML sanitizing and relative-URI
resolution off: nothing leaves the machine and the text is what the feed says.

Each item (RSS `<item>`, Atom `<entry>`) is a document named `<file>#<n>` (n: its position in the feed,
from 1); its title is its first segment, then its text: the full content (`content:encoded`, Atom
`<content>`) or else the description/summary, as blocks of HTML (see `audit.inputs.pages`) or, for text
content, one segment per non-blank line. The id of every segment is the item's guid (Atom `<id>`), else
its link, else n. The feed's language (RSS `<language>`, Atom `xml:lang`) is the target language.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from audit.errors import AuditError
from audit.inputs.pages import Item, Items, html_blocks, read_page
from audit.inputs.readers import read_bytes
from audit.inputs.xml import local_name, parse_xml

FEED_SUFFIXES = (".rss", ".atom")
PAGE_SUFFIXES = (".html", ".htm")
FEED_ROOTS = ("rss", "feed")  # an .xml file whose root element is one of these is read as a feed
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")  # the first element's (prefix, name)
_SNIFF = 4096  # bytes looked at for an .xml file's root element


def is_feed_xml(path: str) -> bool:
    """Whether an .xml file's root element is <rss> or <feed> (the prolog and comments are skipped)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF)
    except OSError:
        return False
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", b"", head, flags=re.DOTALL)
    found = _ROOT.search(head)
    return bool(found) and found.group(2).decode("ascii", "replace") in FEED_ROOTS


def read_feed(path: str) -> Items:
    """The items of an RSS 2.0 or Atom feed, each a document (see the module's doc)."""
    import feedparser

    data = read_bytes(path)
    root = parse_xml(data, path)  # refuses DTDs, entities, deep nesting and malformed XML first
    if local_name(root.tag) not in FEED_ROOTS:
        raise AuditError(f"{path}: not an RSS or Atom feed (the root element is <{local_name(root.tag)}>, "
                         f"not <rss> or <feed>)")
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    items = [_item(entry, f"{path}#{n}") for n, entry in enumerate(parsed.entries, 1)]
    return Items.of(items, whole_file=False, tgt_lang=_language(parsed.feed.get("language")))


def _item(entry, name: str) -> Item:
    """One entry's title and text blocks, and its guid and link."""
    title = _blocks(entry.get("title_detail"), name, one_block=True)
    contents = entry.get("content") or []
    body = _blocks(contents[0] if contents else entry.get("summary_detail"), name)
    return Item(tuple(title + body), guid=_text_or_none(entry.get("id")), link=_text_or_none(entry.get("link")),
                titled=bool(title))


def _blocks(detail, name: str, one_block: bool = False) -> list[str]:
    """The segments of a feed text construct: HTML blocks, or non-blank lines of plain text."""
    if not detail or not detail.get("value"):
        return []
    value = detail["value"]
    if detail.get("type") in _HTML_TYPES:
        lines = html_blocks(value, name)
    else:
        lines = [line.strip() for line in value.splitlines() if line.strip()]
    return [" ".join(lines)] if one_block and lines else lines


def _text_or_none(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _language(code) -> str | None:
    primary = (code or "").strip().split("-")[0].split("_")[0].lower() if isinstance(code, str) else ""
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


@dataclass(frozen=True)
class SourcePairing:
    """The source of each target unit, and how the items paired: items paired, items without source (no
    source item has their guid or link), items misaligned (paired, but the segments could not be: only
    the titles pair) and source items paired with no target item."""

    sources: list[str | None]
    counts: dict[str, int]


def pair_sources(target: Items, source: Items) -> SourcePairing:
    """Pair each target item with the source item of the same guid, else of the same link, else (an item
    with neither, such as a page) the source item at the same position when both have as many items.
    Within a pair the titles pair, and the other segments line by line when both items have as many;
    when they do not, those segments have no source: a character alignment (what --ref-doc does) pairs
    sentences of one language, and across two it pairs wrong ones, which the bilingual rules would then
    report as mistranslations."""
    by_guid = {item.guid: item for item in source.items if item.guid}
    by_link = {item.link: item for item in source.items if item.link}
    same_count = len(target.items) == len(source.items)
    sources: list[str | None] = []
    used: set[int] = set()
    counts = dict.fromkeys(("items_paired", "items_without_source", "items_misaligned", "source_items_unused"), 0)
    for position, item in enumerate(target.items):
        match = by_guid.get(item.guid or "") or by_link.get(item.link or "")
        if match is None and not (item.guid or item.link) and same_count:
            match = source.items[position]
        if match is None:
            counts["items_without_source"] += 1
            sources += [None] * len(item.blocks)
            continue
        counts["items_paired"] += 1
        used.add(id(match))
        sources += _paired_blocks(item, match, counts)
    counts["source_items_unused"] = len(source.items) - len(used)
    return SourcePairing(sources, counts)


def _paired_blocks(item: Item, match: Item, counts: dict[str, int]) -> list[str | None]:
    """The source of each of `item`'s blocks: `match`'s, line by line, or its title alone."""
    if len(match.blocks) == len(item.blocks) and item.titled == match.titled:
        return list(match.blocks)
    counts["items_misaligned"] += 1
    title = match.blocks[0] if item.titled and match.titled else None
    return [title if k == 0 else None for k in range(len(item.blocks))]


def read_documents(path: str) -> Items:
    """A feed (one document per item) or a page (one document)."""
    return read_page(path) if Path(path).suffix.lower() in PAGE_SUFFIXES else read_feed(path)


def is_document_input(path: str) -> bool:
    """Whether `path` is read as documents (a feed or a page) rather than as units of one file."""
    suffix = Path(path).suffix.lower()
    return suffix in (*FEED_SUFFIXES, *PAGE_SUFFIXES) or (suffix == ".xml" and is_feed_xml(path))
