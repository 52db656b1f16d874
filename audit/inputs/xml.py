"""XML input (XLIFF, TMX) parsed with an explicit expat configuration, so that what a hostile file can do
does not depend on the interpreter's expat version, and the text form of a segment's inline markup.

- No DTD at all: a `<!DOCTYPE` is refused when expat reaches it, before any entity is declared, so no
  entity (billion laughs, quadratic blowup, external entities naming files or URLs) is ever expanded;
  external parameter entities are off as well. XLIFF and TMX need no DTD.
- Nesting is bounded (`MAX_DEPTH`): the element that goes deeper is refused as it starts, before the
  rest of the tree is built (a million nested inline elements took 45x the file's size before).
- The prolog is fed to expat in small pieces. CPython 3.11 stops expat when a handler raises (measured:
  a refused DOCTYPE followed by 55 MB of content returns in 13 ms), but that is the interpreter's
  behaviour, not expat's; should a parser go on to the end of the piece it was given, what follows a
  refused `<!DOCTYPE` in the same piece is too small to expand to anything costly.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET
from xml.parsers import expat

from audit.errors import AuditError

MAX_DEPTH = 256  # XLIFF and TMX need a dozen levels; groups and inline markup a few more
PROLOG_PIECE = 64  # bytes fed at a time until the root element starts
CONTENT_PIECE = 1 << 20  # bytes fed at a time after it

# Inline elements whose content is the document's native code (markup of the original format), not
# text: XLIFF 1.2 and TMX <bpt> <ept> <ph> <it> (and TMX <ut>); XLIFF 2.0 <ph> <sc> <ec> are empty by
# the standard, and <cp> stands for a character XML cannot hold. Their content (and any <sub> flow
# inside them) is left out of the text form; <g>, <mrk>, <pc>, <hi> content is text.
NATIVE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut", "sc", "ec", "cp"})

# Inline codes as they appear in the text form (README "Input formats"): each code is one token
# CODE_OPEN + kind + id + CODE_CLOSE, e.g. ⟦x1⟧ for <x id="1"/>, ⟦ph2⟧ for <ph id="2">…</ph>; a code
# that wraps text (<g>, <pc>) is an opening token before its text and ⟦/g1⟧ after it. <mrk>, <hi> (text
# annotations) and <cp> (a character) give no token. Findings' offsets count these tokens' characters.
CODE_OPEN, CODE_CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧ MATHEMATICAL WHITE SQUARE BRACKETS: not in running text
CODE_TOKENS = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "ut", "sc", "ec", "g", "pc"})
WRAPPING_CODES = frozenset({"g", "pc"})
_ID_ATTRIBUTES = ("id", "startRef", "i", "x", "rid")
LINE_ELEMENTS = frozenset({"trans-unit", "unit", "segment", "source", "target", "tu", "tuv", "seg"})


class _Refused(Exception):
    """Raised inside an expat handler: the input is refused at the parser's current line."""


class _TreeBuilder:
    """expat callbacks building an ElementTree, refusing DTDs and nesting deeper than MAX_DEPTH."""

    def __init__(self) -> None:
        self.tree = ET.TreeBuilder()
        self.depth = 0
        self.in_content = False
        self.parser: expat.XMLParserType | None = None
        self.lines: dict[ET.Element, int] = {}  # the line where each unit-level element (LINE_ELEMENTS) starts

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.in_content = True
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(f"elements nested deeper than {MAX_DEPTH} levels")
        element = self.tree.start(_clark(tag), {_clark(name): value for name, value in attributes.items()})
        if self.parser is not None and local_name(tag) in LINE_ELEMENTS:
            self.lines[element] = self.parser.CurrentLineNumber

    def end(self, tag: str) -> None:
        self.depth -= 1
        self.tree.end(_clark(tag))

    @staticmethod
    def refuse_dtd(*_) -> None:
        raise _Refused("a DTD (<!DOCTYPE ...>); DTDs and entities are not accepted in XML input (XLIFF, TMX, feeds)")

    @staticmethod
    def refuse_entity(*_) -> None:
        raise _Refused("an entity declaration; DTDs and entities are not accepted in XML input (XLIFF, TMX, feeds)")


def _clark(name: str) -> str:
    """expat's 'uri}local' (namespace_separator '}') as ElementTree's '{uri}local'."""
    return "{" + name if "}" in name else name


def _configured_parser(builder: _TreeBuilder) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.tree.data
    parser.StartDoctypeDeclHandler = builder.refuse_dtd
    parser.EntityDeclHandler = builder.refuse_entity
    parser.UnparsedEntityDeclHandler = builder.refuse_entity
    parser.ExternalEntityRefHandler = builder.refuse_entity
    builder.parser = parser
    return parser


def parse_xml(data: bytes, path: str) -> ET.Element:
    """The root element of an XML document, or AuditError naming the file and line: malformed XML, a DTD
    or entity declaration, nesting deeper than MAX_DEPTH, an unknown declared encoding."""
    return parse_xml_lines(data, path)[0]


def parse_xml_lines(data: bytes, path: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    """`parse_xml`, with the line in the file where each unit-level element (LINE_ELEMENTS) starts."""
    builder = _TreeBuilder()
    parser = _configured_parser(builder)
    try:
        position = 0
        while position < len(data):
            size = CONTENT_PIECE if builder.in_content else PROLOG_PIECE
            parser.Parse(data[position:position + size], False)
            position += size
        parser.Parse(b"", True)
    except _Refused as exc:
        raise AuditError(f"{path}:{parser.CurrentLineNumber}: {exc}") from None
    except expat.ExpatError as exc:
        raise AuditError(f"{path}:{exc.lineno}: malformed XML ({exc})") from None
    except (LookupError, ValueError) as exc:  # an unknown encoding in the XML declaration, and the like
        raise AuditError(f"{path}:1: cannot read the XML ({exc})") from None
    return builder.tree.close(), builder.lines


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def text_form(element: ET.Element | None) -> str | None:
    """A segment's text as audited: its text and that of its inline elements, in order, each inline code
    as a token (`code_token`), without the content of native-code elements (NATIVE_CODES); offsets are
    on this text."""
    if element is None:
        return None
    parts: list[str] = []
    _collect(element, parts)
    return "".join(parts)


def _collect(element: ET.Element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        kind = local_name(child.tag)
        if kind in CODE_TOKENS:
            parts.append(code_token(kind, child))
        if kind not in NATIVE_CODES:
            _collect(child, parts)  # recursion depth is bounded by MAX_DEPTH
        if kind in WRAPPING_CODES:
            parts.append(code_token("/" + kind, child))
        if child.tail:
            parts.append(child.tail)


def code_token(kind: str, element: ET.Element) -> str:
    """The text-form token of an inline code: ⟦kind id⟧ (the id as the file gives it, letters, digits and
    . _ : - only, at most 32 characters; no id when the element has none)."""
    raw = next((element.get(name) for name in _ID_ATTRIBUTES if element.get(name)), "")
    ident = "".join(c for c in raw if c.isascii() and (c.isalnum() or c in "._:-"))[:32]
    return f"{CODE_OPEN}{kind}{ident}{CODE_CLOSE}"
