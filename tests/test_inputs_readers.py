"""Unit tests of the hostile-input readers (issue 13, the `inputs` part): the pieces behind the matrix
rows in tests/hostile/inputs.yml that are easier to pin down as functions."""

from __future__ import annotations

import codecs

import pytest

from audit.errors import AuditError
from audit.inputs.formats import DEFAULT_COLUMNS, read_po, read_table
from audit.inputs.readers import decode_text, decoding, guess_wide_encoding, text_encoding, without_lone_surrogates
from audit.inputs.xml import MAX_DEPTH, parse_xml, text_form


@pytest.mark.parametrize("name", ["rot13", "base64", "zlib", "hex", "bz2", "uu", "quopri"])
def test_non_text_codecs_are_refused(name: str) -> None:
    with pytest.raises(AuditError, match="not a text encoding"):
        text_encoding(name)


@pytest.mark.parametrize("name", ["utf-8", "latin-1", "utf-16", "utf-32-be", "cp1252", "utf-7", "idna"])
def test_text_codecs_are_accepted(name: str) -> None:
    assert text_encoding(name) == codecs.lookup(name).name


@pytest.mark.parametrize("text, encoding, expected", [
    ("Hello there.\n", "utf-16", ("UTF-16", "utf-16")),
    ("Hello there.\n", "utf-32", ("UTF-32", "utf-32")),
    ("Hello there.\n", "utf-16-le", ("UTF-16LE", "utf-16-le")),
    ("Hello there.\n", "utf-16-be", ("UTF-16BE", "utf-16-be")),
    ("Hello there.\n", "utf-32-le", ("UTF-32LE", "utf-32-le")),
    ("Hello there.\n", "utf-32-be", ("UTF-32BE", "utf-32-be")),
    ("Hello there.\n", "utf-8", None),
    ("Grüße, 你好\n", "utf-8", None),
])
def test_wide_encodings_are_recognised(text: str, encoding: str, expected) -> None:
    assert guess_wide_encoding(text.encode(encoding)) == expected


def test_lone_surrogates_are_errors_or_replaced() -> None:
    with pytest.raises(AuditError, match="U\\+D800\\) at line 2"):
        without_lone_surrogates("fine\nbad \ud800", "f.txt")
    with decoding("utf-8", "replace"):
        assert without_lone_surrogates("bad \ud800 \udfff", "f.txt") == "bad \ufffd \ufffd"
    assert without_lone_surrogates("a pair \U0001F600", "f.txt") == "a pair \U0001F600"
    with decoding("utf-7", "strict"), pytest.raises(AuditError, match="surrogate"):
        decode_text(b"ok\n+2AA-\n", "f.txt")


def test_po_content_is_never_a_path(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.po").write_text('msgid "a"\nmsgstr "secret"\n', encoding="utf-8")
    (tmp_path / "evil.po").write_text("secret.po", encoding="utf-8")
    with pytest.raises(AuditError, match="evil.po: malformed PO"):
        read_po("evil.po")


def test_po_plural_forms_and_line_numbers_are_kept(tmp_path) -> None:
    path = tmp_path / "p.po"
    path.write_text('msgid "Hello"\nmsgstr "Bonjour"\n\nmsgctxt "n"\nmsgid "One file"\nmsgid_plural "%d files"\n'
                    'msgstr[0] "Un fichier"\nmsgstr[1] "%d fichiers"\n\n#~ msgid "Old"\n#~ msgstr "Vieux"\n',
                    encoding="utf-8")
    units = read_po(str(path))
    assert units.ids == ["0", "n[0]", "n[1]"]  # polib numbers the first entry 0, as before
    assert units.targets == ["Bonjour", "Un fichier", "%d fichiers"]
    assert units.sources == ["Hello", "One file", "%d files"]


@pytest.mark.parametrize("suffix, text, line", [
    (".tsv", 'id\ttarget\na\tok\nb\t"open\nc\tmore\n', 3),
    (".tsv", 'id\ttarget\na\tok\nb\t"open\nc\tmore"\nd\tx\n', 3),
    (".csv", 'id,target\na,ok\nb,"open\nc,more\n', 3),
    (".csv", 'id,target\n\na,"multi\nline"\nb,"open\nc,"x"\n', 5),
])
def test_unbalanced_quotes_name_the_row_line(tmp_path, suffix: str, text: str, line: int) -> None:
    path = tmp_path / f"t{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AuditError, match=f"t{suffix}:{line}: unbalanced quote"):
        read_table(str(path), dict(DEFAULT_COLUMNS))


def test_table_fields_beyond_the_csv_limit_are_read(tmp_path) -> None:
    path = tmp_path / "t.csv"
    long = "word, " * 40_000  # 240 KB, over csv's default 128 KiB field limit
    path.write_text(f'id,target\na,"{long}"\nb,"He said ""hi"""\n', encoding="utf-8")
    units = read_table(str(path), dict(DEFAULT_COLUMNS))
    assert units.targets == [long, 'He said "hi"']


def _xml(target: str, version: str = "1.2") -> bytes:
    return (f'<xliff version="{version}"><file><body><trans-unit id="u"><target>{target}</target>'
            f'</trans-unit></body></file></xliff>').encode()


@pytest.mark.parametrize("markup, text", [  # inline codes as ⟦kind id⟧ tokens (README "Input formats")
    ('Click <bpt id="1">&lt;a href="x"&gt;</bpt>here<ept id="1">&lt;/a&gt;</ept>.', "Click ⟦bpt1⟧here⟦ept1⟧."),
    ('See <ph id="1">&lt;img src="a"&gt;<sub>alt text</sub></ph> now', "See ⟦ph1⟧ now"),
    ('<it id="1" pos="open">&lt;i&gt;</it>now <ut>{\\b}</ut>ok', "⟦it1⟧now ⟦ut⟧ok"),
    ('A <g id="1">bold <mrk mtype="x">word</mrk></g> <x id="2"/>end', "A ⟦g1⟧bold word⟦/g1⟧ ⟦x2⟧end"),
    ('A <pc id="1">b<sc id="2"/>c<ph id="3"/></pc><ec startRef="2"/> <cp hex="0007"/>d', "A ⟦pc1⟧b⟦sc2⟧c⟦ph3⟧⟦/pc1⟧⟦ec2⟧ d"),
    ('<x id="a⟧b&quot;c"/>', "⟦xabc⟧"),  # an id cannot end the token early
])
def test_native_codes_are_not_text(markup: str, text: str) -> None:
    root = parse_xml(_xml(markup), "x.xlf")
    assert text_form(next(root.iter("target"))) == text


def test_nesting_is_bounded_before_the_tree_is_built() -> None:
    assert text_form(next(parse_xml(_xml("<g>" * (MAX_DEPTH - 10) + "x" + "</g>" * (MAX_DEPTH - 10)),
                                    "x.xlf").iter("target"))) == "⟦g⟧" * (MAX_DEPTH - 10) + "x" + "⟦/g⟧" * (MAX_DEPTH - 10)
    deep = _xml("<g>" * 200_000 + "x" + "</g>" * 200_000)
    with pytest.raises(AuditError, match=f"x.xlf:1: elements nested deeper than {MAX_DEPTH} levels"):
        parse_xml(deep, "x.xlf")


@pytest.mark.parametrize("prolog", [
    '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    '<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">',
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY % p SYSTEM "p.dtd"> %p;]>',
    '<!DOCTYPE x>',
])
def test_any_dtd_is_refused(prolog: str) -> None:
    with pytest.raises(AuditError, match="x.xml:2: a DTD"):
        parse_xml(f'<?xml version="1.0"?>\n{prolog}\n<x>&a;</x>'.encode(), "x.xml")


def test_utf16_xml_with_a_bom_is_read() -> None:
    root = parse_xml('<?xml version="1.0" encoding="UTF-16"?><x>héllo</x>'.encode("utf-16"), "x.xml")
    assert root.text == "héllo"
