"""Feeds (RSS 2.0, Atom) and HTML pages as input (issue 17, item 5): one document per item or page, the
item's guid or link as id, a source feed paired by guid/link, hostile XML refused. The seed article,
published as an RSS item, an Atom entry and an HTML page, audits with the plain text's findings (and the
page's furniture besides)."""

from __future__ import annotations

import html
import json
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from audit.api import run_check, settle
from audit.errors import AuditError
from audit.inputs.feeds import is_feed_xml, read_documents
from audit.inputs.formats import is_structured
from audit.inputs.load import expand_target
from audit.inputs.pages import html_blocks
from conftest import ROOT, SEED


def check(target: str, source: str | None = None, src_lang: str | None = None, tgt_lang: str | None = None):
    """The audit of one input file, as `audit check` runs it, without writing a report."""
    return run_check(target, settle(source=source, src_lang=src_lang, tgt_lang=tgt_lang, write=False))[0]


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audit", *args], capture_output=True, text=True, cwd=cwd)


SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
TITLE, BODY = SEED_LINES[0], [line for line in SEED_LINES[1:] if line.strip()]
PARAGRAPHS = "".join(f"<p>{html.escape(line)}</p>" for line in BODY)


def rss(items: str, language: str = "en") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>AFP</title>'
            f"<link>https://example.org/</link><description>News</description><language>{language}</language>\n"
            f"{items}</channel></rss>\n")


def rss_item(title: str, body_html: str, guid: str | None = None, link: str | None = None,
             teaser: str = "<p>A teaser.</p>") -> str:
    return (f"<item><title>{html.escape(title)}</title>" + (f"<link>{link}</link>" if link else "")
            + (f'<guid isPermaLink="false">{guid}</guid>' if guid else "")
            + f"<description>{html.escape(teaser)}</description>"
            + f"<content:encoded><![CDATA[{body_html}]]></content:encoded></item>\n")


def seed_rss() -> str:
    return rss(rss_item(TITLE, PARAGRAPHS, guid="afp-kazakh-2022", link="https://example.org/en/kazakh"))


def seed_atom() -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
            "<title>AFP</title><id>urn:afp</id><updated>2022-01-07T12:00:00Z</updated>\n"
            f"<entry><title>{html.escape(TITLE)}</title><id>urn:afp:kazakh</id>"
            '<link href="https://example.org/en/kazakh"/><updated>2022-01-07T12:00:00Z</updated>'
            f'<content type="html">{html.escape(PARAGRAPHS)}</content></entry></feed>\n')


NAV = '<nav><ul><li><a href="/">Home page</a></li><li><a href="/world">World</a></li></ul></nav>'
ASIDE = '<aside><h2>Related articles</h2><ul><li><a href="/x">Read also: Kazakhstan in turmoil</a></li></ul></aside>'
FOOTER = "<footer><p>Share on Twitter</p><p>&copy; 2022 AFP. All rights reserved.</p></footer>"
PAGE_FURNITURE = {("BP001", "Home page"), ("BP001", "Related articles"), ("BP001", "Read also:"),
                  ("BP001", "Share on Twitter"), ("BP001", "All rights reserved.")}


def seed_page() -> str:
    article = "\n".join(f"<p>{html.escape(line)}</p>" for line in BODY)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><title>{html.escape(TITLE)}</title>'
            '<style>p { margin: 0 }</style><script>var label = "Published on:";</script></head>\n'
            f"<body>{NAV}\n<main><article><h1>{html.escape(TITLE)}</h1>\n{article}\n</article>{ASIDE}</main>\n"
            f"{FOOTER}<noscript>Share</noscript></body></html>\n")


@pytest.fixture(scope="module")
def seed_findings() -> set[tuple]:
    """The plain-text seed's findings as (rule, phrase, position of the line among non-blank lines, start, end)."""
    findings = check(str(SEED), src_lang="fr").findings
    ordinal = {number: k for k, number in enumerate(
        (n for n, line in enumerate(SEED_LINES, 1) if line.strip()), 1)}
    return {(r.rule, r.phrase, ordinal[int(r.line)], int(r.start), int(r.end)) for r in findings.itertuples()}


def findings_by_ordinal(findings: pd.DataFrame, first_line: int = 1) -> set[tuple]:
    return {(r.rule, r.phrase, int(r.line) - first_line + 1, int(r.start), int(r.end)) for r in findings.itertuples()}


@pytest.mark.parametrize("name, text, guid", [("seed.rss", seed_rss, "afp-kazakh-2022"),
                                              ("seed.atom", seed_atom, "urn:afp:kazakh"),
                                              ("seed.xml", seed_rss, "afp-kazakh-2022")])
def test_seed_as_a_feed_item_has_the_plain_texts_findings(tmp_path, seed_findings, name, text, guid):
    feed = tmp_path / name
    feed.write_text(text(), encoding="utf-8")
    result = check(str(feed), src_lang="fr")
    assert result.tgt_lang == "en"
    assert set(result.findings["file"]) == {f"{feed}#1"}
    assert set(result.findings["id"]) == {guid}
    assert findings_by_ordinal(result.findings) == seed_findings
    assert len(result.segments) == 1 + len(BODY)  # the title, then one segment per paragraph


def test_seed_as_a_page_has_the_plain_texts_findings_and_the_pages_furniture(tmp_path, seed_findings):
    page = tmp_path / "seed.html"
    page.write_text(seed_page(), encoding="utf-8")
    result = check(str(page), src_lang="fr")
    segments = list(result.segments["target"])
    title_line = segments.index(TITLE) + 1
    article_lines = range(title_line, title_line + 1 + len(BODY))
    findings = result.findings
    in_article = findings[findings["line"].isin(article_lines)]
    assert findings_by_ordinal(in_article, title_line) == seed_findings
    furniture = findings[~findings["line"].isin(article_lines)]
    assert set(zip(furniture["rule"], furniture["phrase"])) == PAGE_FURNITURE
    assert set(findings["file"]) == {str(page)}
    assert segments[:2] == ["Home page", "World"]  # nav kept, in order
    assert not any("label" in s or "margin" in s for s in segments)  # script and style dropped
    assert segments.count("Share") == 0  # <noscript> dropped


def test_feed_items_are_documents_with_their_guid_link_or_position_as_id(tmp_path):
    items = (rss_item("First title", "<p>One.</p><p>Two.</p>", guid="g-1")
             + rss_item("Second title", "<p>Three.</p>", link="https://example.org/2")
             + "<item><title>Third title</title><description>Plain &amp;amp; simple.</description></item>")
    feed = tmp_path / "news.rss"
    feed.write_text(rss(items), encoding="utf-8")
    segments = check(str(feed), src_lang="fr").segments
    rows = list(zip(segments["file"], segments["line"], segments["id"], segments["target"]))
    assert rows == [(f"{feed}#1", 1, "g-1", "First title"), (f"{feed}#1", 2, "g-1", "One."),
                    (f"{feed}#1", 3, "g-1", "Two."),
                    (f"{feed}#2", 1, "https://example.org/2", "Second title"),
                    (f"{feed}#2", 2, "https://example.org/2", "Three."),
                    (f"{feed}#3", 1, "3", "Third title"), (f"{feed}#3", 2, "3", "Plain & simple.")]


def test_atom_text_and_xhtml_content(tmp_path):
    feed = tmp_path / "a.atom"
    feed.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-FR">'
                    "<title>F</title><id>urn:f</id>"
                    '<entry><title type="html">A &amp;lt;b&amp;gt; tag</title><id>urn:1</id>'
                    '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Un <b>deux</b>.</p>'
                    "<ul><li>trois</li><li>quatre</li></ul></div></content></entry>"
                    '<entry><title>T</title><id>urn:2</id><content type="text">  ligne a\n\n  b &lt; c\n</content>'
                    "</entry></feed>", encoding="utf-8")
    units = read_documents(str(feed))
    assert units.tgt_lang == "fr"
    assert units.targets == ["A <b> tag", "Un deux.", "trois", "quatre", "T", "ligne a", "b < c"]
    assert units.documents == ["1"] * 4 + ["2"] * 3


def test_an_xml_file_is_a_feed_by_its_root_element_only(tmp_path):
    feed, other = tmp_path / "feed.xml", tmp_path / "notes.xml"
    feed.write_text("<?xml version='1.0'?>\n<!-- a comment -->\n" + seed_rss().split("\n", 1)[1], encoding="utf-8")
    other.write_text("<notes>\n<n>Hello..</n>\n</notes>\n", encoding="utf-8")
    assert is_feed_xml(str(feed)) and is_structured(str(feed))
    assert not is_feed_xml(str(other)) and not is_structured(str(other))
    assert len(check(str(other), tgt_lang="en").segments) == 3  # read as plain text, as before
    # a directory takes feeds and pages by their suffix, not .xml files
    for name in ("a.rss", "b.atom", "c.html", "d.htm"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [Path(f).name for f in expand_target(str(tmp_path))] == ["a.rss", "b.atom", "c.html", "d.htm"]


def test_an_xml_feed_is_not_streamed_as_plain_text(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(seed_rss(), encoding="utf-8")
    report = tmp_path / "out.csv"
    run = cli("check", str(feed), "--src-lang", "fr", "-o", str(report))
    assert run.returncode == 0, run.stderr
    assert f"{1 + len(BODY)} segments" in run.stdout
    assert f"{feed}#1," in report.read_text(encoding="utf-8")


def test_a_source_feed_pairs_items_by_guid_then_link(tmp_path):
    source = tmp_path / "news.fr.rss"
    source.write_text(rss(rss_item("Titre B", "<p>Deux.</p>", guid="b")
                          + rss_item("Titre A", "<p>Un.</p><p>Encore.</p>", link="https://example.org/a")
                          + rss_item("Titre C", "<p>Trois.</p><p>Quatre.</p>", guid="c")
                          + rss_item("Titre E", "<p>Cinq.</p>", guid="e"), language="fr"), encoding="utf-8")
    target = tmp_path / "news.en.rss"
    target.write_text(rss(rss_item("Title A", "<p>One.</p><p>Again.</p>", link="https://example.org/a")
                          + rss_item("Title B", "<p>Two.</p>", guid="b")
                          + rss_item("Title C", "<p>Three and four.</p>", guid="c")
                          + rss_item("Title D", "<p>Unpaired.</p>", guid="d")), encoding="utf-8")
    result = check(str(target), source=str(source))
    pairs = list(zip(result.segments["target"], result.segments["source"]))
    assert pairs == [("Title A", "Titre A"), ("One.", "Un."), ("Again.", "Encore."),
                     ("Title B", "Titre B"), ("Two.", "Deux."),
                     ("Title C", "Titre C"), ("Three and four.", None),  # 1 paragraph against 2: title only
                     ("Title D", None), ("Unpaired.", None)]
    assert result.src_lang == "fr"  # the source feed's <language>
    assert result.reference_alignment == {"items_paired": 3, "items_without_source": 1, "items_misaligned": 1,
                                          "source_items_unused": 1}
    run = cli("check", str(target), "--src", str(source), "-o", str(tmp_path / "r.csv"))
    assert run.returncode == 0, run.stderr
    meta = json.loads((tmp_path / "r.csv.meta.json").read_text(encoding="utf-8"))
    assert meta["reference_alignment"]["items_without_source"] == 1


def test_a_source_page_pairs_block_by_block(tmp_path):
    source, target = tmp_path / "p.fr.html", tmp_path / "p.en.html"
    source.write_text('<html lang="fr"><body><h1>Bonjour</h1><p>Le monde.</p></body></html>', encoding="utf-8")
    target.write_text('<html lang="en"><body><h1>Hello</h1><p>The world.</p></body></html>', encoding="utf-8")
    result = check(str(target), source=str(source))
    assert list(result.segments["source"]) == ["Bonjour", "Le monde."]
    assert (result.src_lang, result.tgt_lang) == ("fr", "en")


def test_html_blocks_follow_what_a_browser_shows():
    page = ("<div>Lead <b>bold</b>\n   text<br>after the break</div><p hidden>Hidden.</p>"
            "<ul><li>one<ul><li>nested</li></ul></li><li>two\u00a0 spaces</li></ul>"
            "<pre>  line one\n\n  line two</pre><table><tr><td>cell</td><th>head</th></tr></table>"
            "<template><p>Template.</p></template><p>Tail <span>in</span> line</p>")
    assert html_blocks(page, "x") == ["Lead bold text", "after the break", "one", "nested", "two\u00a0 spaces",
                                      "  line one", "  line two", "cell", "head", "Tail in line"]
    assert html_blocks("   ", "x") == []


def test_html_nested_too_deeply_is_one_line_error(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<div>" * 400 + "x" + "</div>" * 400, encoding="utf-8")
    with pytest.raises(AuditError, match=r"deep.html:1: HTML nested too deeply"):
        read_documents(str(page))


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret}">]>',
    '<!DOCTYPE rss SYSTEM "{secret}">',
    '<!DOCTYPE rss [<!ENTITY co "=HYPERLINK(1)">]>',
])
def test_a_feed_with_a_dtd_or_entity_is_refused_before_anything_is_read(tmp_path, doctype):
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2", encoding="utf-8")
    feed = tmp_path / "x.rss"
    feed.write_text('<?xml version="1.0"?>\n' + doctype.format(secret=secret) + "\n"
                    + rss(rss_item("Hello &xxe;", "<p>x</p>")).split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(AuditError, match=r"x.rss:2: .*DTD"):
        read_documents(str(feed))


def test_a_page_never_reads_what_its_doctype_or_entities_name(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2", encoding="utf-8")
    page = tmp_path / "p.html"
    page.write_text(f'<!DOCTYPE html SYSTEM "{secret}" [<!ENTITY x SYSTEM "{secret}">]>\n'
                    f'<html><body><p>Hello &x;</p><iframe src="file://{secret}"></iframe>'
                    f'<img src="file://{secret}"></body></html>', encoding="utf-8")

    def no_network(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    blocks = read_documents(str(page)).targets
    assert not any("hunter2" in block for block in blocks)


def test_feedparser_gets_bytes_never_a_path_or_url(tmp_path, monkeypatch):
    """feedparser opens a file or fetches a URL a string names; we hand it a stream of the bytes we read."""
    import feedparser

    seen = []
    real = feedparser.parse

    def spy(document, *args, **kwargs):
        seen.append(document)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(feedparser, "parse", spy)
    monkeypatch.setattr(socket.socket, "connect", lambda *a, **k: pytest.fail("network used"))
    feed = tmp_path / "x.rss"
    feed.write_text(rss(rss_item("T", '<p>x <img src="http://example.org/a.png"></p>',
                                 link="http://example.org/a")), encoding="utf-8")
    assert read_documents(str(feed)).targets == ["T", "x"]
    assert len(seen) == 1 and hasattr(seen[0], "read")


def test_a_malformed_feed_is_a_one_line_error(tmp_path):
    feed = tmp_path / "bad.rss"
    feed.write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel>\n<item><title>T</item>\n</channel></rss>\n',
                    encoding="utf-8")
    with pytest.raises(AuditError, match=r"bad.rss:3: malformed XML"):
        read_documents(str(feed))
    other = tmp_path / "other.rss"
    other.write_text("<html><body>not a feed</body></html>", encoding="utf-8")
    with pytest.raises(AuditError, match=r"other.rss: not an RSS or Atom feed"):
        read_documents(str(other))


def test_feeds_on_the_partitioned_dask_path_are_one_line_refused(tmp_path):
    pytest.importorskip("distributed")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Hello there.\n", encoding="utf-8")
    (folder / "b.rss").write_text(seed_rss(), encoding="utf-8")
    run = cli("check", str(folder), "--engine", "dask", "--jobs", "2", "-o", str(tmp_path / "rep.csv"))
    assert run.returncode == 2
    assert "b.rss: feeds and pages are not read by --engine dask over several inputs yet" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and not (tmp_path / "rep.csv").exists()


def test_a_page_is_read_in_the_encoding_audit_decodes_with_whatever_it_declares(tmp_path):
    """An XHTML page's XML declaration was a ValueError traceback from lxml; a <meta charset> naming
    another encoding must not re-decode the text we read as UTF-8 (or with --encoding)."""
    page = tmp_path / "x.html"
    page.write_text('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="fr">'
                    '<head><meta charset="iso-8859-1"/></head><body><p>Café « été »</p></body></html>',
                    encoding="utf-8")
    units = read_documents(str(page))
    assert (units.targets, units.tgt_lang) == (["Café « été »"], "fr")


@pytest.mark.parametrize("name, targets, documents, ids", [
    ("sample.rss", ["Kazakh regime comes to an end", "Published on: Amended:", "The regime is coming to an end..",
                    "He urged them Kazakhs to stand up.", "Second item", "Plain & simple text."],
     ["1"] * 4 + ["2"] * 2, ["n-1"] * 4 + ["https://example.org/2"] * 2),
    ("sample.atom", ["Kazakh regime comes to an end", "The regime is coming to an end..", "Comments are closed.",
                     "Second entry", "A summary, in text."],
     ["1"] * 3 + ["2"] * 2, ["urn:news:1"] * 3 + ["urn:news:2"] * 2),
    ("sample.html", ["Home page", "Kazakh regime comes to an end", "Published on: Amended:",
                     "The regime is coming to an end..", "Share on Twitter"],
     [""] * 5, ["1", "2", "3", "4", "5"]),
])
def test_sample_files(name, targets, documents, ids):
    from audit.inputs.formats import read_units

    units = read_units(str(ROOT / "tests" / "data" / name))
    assert (units.targets, units.documents, units.ids, units.tgt_lang) == (targets, documents, ids, "en")
