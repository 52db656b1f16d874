"""The review page (`--format html`), opened in headless Chromium: source and reference beside the target,
findings visible under each segment, a sortable findings table, filters from the URL, `lang` attributes,
pages, print, and the reviewer's decisions exported as a baseline and an ignore file that `check` and
`gate` read. Screenshots are saved in each test's tmp directory and their path printed (pytest -s)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from audit.report import read_report
from conftest import ROOT, SEED
from test_cli import run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INJECTED = ROOT / "corpora" / "eval" / "injected"
CLEAN_SEED = ROOT / "corpora" / "eval" / "clean" / "kazakh-regime.en.txt"


def chromium(*args: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI (.ci/run installs Debian's chromium)")
        pytest.skip("Chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, timeout=120)


# ---- a small DOM over Chromium's --dump-dom ----

VOID = {"meta", "br", "img", "input", "col", "link", "hr", "source", "wbr", "area", "base", "embed", "track"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: "Node | None") -> None:
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        """The text a reader sees, without the marks' superscript numbers."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children
                       if isinstance(c, str) or c.tag != "sup")

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Node"]:
        return [n for n in self.walk() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def one(self, *args, **kwargs) -> "Node":
        found = self.all(*args, **kwargs)
        assert len(found) == 1, (args, kwargs, len(found))
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)

    def handle_starttag(self, tag, attrs) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data) -> None:
        self.current.children.append(data)


def dom(page: Path, fragment: str = "") -> Node:
    """The page as Chromium leaves it after its script ran (with `fragment` as the URL hash)."""
    out = chromium("--virtual-time-budget=5000", "--dump-dom", page.as_uri() + fragment).stdout.decode()
    builder = _Builder()
    builder.feed(out)
    root = builder.root
    assert root.one("html").attrs.get("data-ready") == "1", "the page's script did not finish"
    return root


def screenshot(page: Path, path: Path, fragment: str = "", size: str = "1400,1800") -> Path:
    chromium(f"--window-size={size}", "--virtual-time-budget=5000", f"--screenshot={path}", page.as_uri() + fragment)
    assert path.exists() and path.stat().st_size > 20_000
    print(f"screenshot: {path}")
    return path


def shown(nodes: list[Node]) -> list[Node]:
    return [n for n in nodes if "off" not in n.classes]


# ---- reports ----

@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """The French→English injected set with its source and its clean rendering as the reference."""
    directory = tmp_path_factory.mktemp("injected")
    reference = directory / "fr-en.ref.txt"
    clean = (INJECTED / "fr-en.clean.tsv").read_text(encoding="utf-8").splitlines()[1:]
    reference.write_text("".join(line.split("\t")[1] + "\n" for line in clean), encoding="utf-8")
    args = [str(INJECTED / "fr-en.tgt.txt"), "--src", str(INJECTED / "fr-en.src.txt"), "--ref", str(reference)]
    page, csv = directory / "fr-en.html", directory / "fr-en.csv"
    assert run("check", *args, "--format", "html", "-o", str(page)).returncode == 0
    assert run("check", *args, "-o", str(csv)).returncode == 0
    return page, read_report(csv), args


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory):
    directory = tmp_path_factory.mktemp("html")
    page, csv = directory / "seed.html", directory / "seed.csv"
    args = [str(SEED), "--src-lang", "fr", "--ref-doc", str(CLEAN_SEED)]
    assert run("check", *args, "--format", "html", "-o", str(page)).returncode == 0
    assert run("check", *args, "-o", str(csv)).returncode == 0
    return page, read_report(csv)


# ---- what the reviewer sees ----

def test_source_and_reference_beside_the_target(injected, tmp_path) -> None:
    page, findings, _ = injected
    root = dom(page)
    assert root.one("html").attrs["lang"] == "en"
    rows = [body.all("tr")[0] for body in root.one("table", id="segment-table").all("tbody")]
    assert len(rows) == 40
    first = rows[0]
    cells = [td for td in first.all("td")]
    assert [sorted(c.classes - {"text"}) for c in cells] == [["src"], ["tgt"], ["ref"]]
    assert cells[0].attrs["lang"] == "fr" and cells[1].attrs["lang"] == "en" and cells[2].attrs["lang"] == "en"
    assert cells[0].text().startswith("Vous avez tout à fait raison")
    assert cells[2].text().startswith("You’re totally right.")
    assert "BLEU" in first.one("th").text() and "chrF" in first.one("th").text()
    assert "BLEU" in root.one("p", id="corpus-scores").text()
    assert len(root.all("mark")) == len(findings) > 0
    screenshot(page, tmp_path / "fr-en-source-target-reference.png")


def test_seed_with_its_reference_beside(seed_html, tmp_path) -> None:
    page, findings = seed_html
    root = dom(page)
    assert len(root.all("mark")) == len(findings) > 0
    assert root.one("th", id="col-reference").attrs.get("hidden") is None
    assert root.one("th", id="col-source").attrs.get("hidden") is not None  # the seed has no source file
    marks = {m.text() for m in root.all("mark")}
    assert "fall" in marks
    screenshot(page, tmp_path / "seed-with-reference.png")


def test_findings_are_listed_with_rule_severity_evidence_and_suggestion(injected) -> None:
    page, findings, _ = injected
    items = dom(page).all("li", cls="finding")
    assert len(items) == len(findings)
    texts = [item.text() for item in items]
    for row in findings.itertuples():
        match = [t for t in texts if row.rule in t and row.evidence in t and row.severity in t]
        assert match, row
        if row.suggestion:
            assert any(f"suggestion: {row.suggestion}" in t for t in match), row
    assert all(len(item.all("button")) == 2 for item in items)


def test_document_and_cells_carry_the_languages(tmp_path) -> None:
    page = tmp_path / "en-fr.html"
    assert run("check", str(INJECTED / "en-fr.tgt.txt"), "--src", str(INJECTED / "en-fr.src.txt"),
               "--format", "html", "-o", str(page)).returncode == 0
    root = dom(page)
    assert root.one("html").attrs["lang"] == "fr"
    body = root.one("table", id="segment-table").all("tbody")[0]
    assert body.one("td", cls="src").attrs["lang"] == "en" and body.one("td", cls="tgt").attrs["lang"] == "fr"
    assert root.one("header").attrs["lang"] == "en"  # the page's own words are English


# ---- filters, sorting, pages ----

def test_filters_are_read_from_the_url(injected) -> None:
    page, findings, _ = injected
    serious = findings[findings["severity"] != "minor"]
    root = dom(page, "#severity=major&flagged=1")
    assert root.one("span", id="count").text() == str(len(serious))
    assert len(shown(root.all("li", cls="finding"))) == len(serious)
    bodies = root.one("table", id="segment-table").all("tbody")
    assert len(bodies) == len(set(serious["line"]))
    rule = "PU001"
    expected = sum(rule in r.split("+") for r in findings["rule"])
    root = dom(page, f"#rule={rule}")
    assert root.one("span", id="count").text() == str(expected) and expected > 0
    assert all(rule in li.attrs["data-rule"] for li in shown(root.all("li", cls="finding")))
    assert len(root.one("table", id="segment-table").all("tbody")) == 40  # not "only segments with findings"
    category = "fluency/punctuation"
    root = dom(page, "#category=" + category + "&view=findings")
    rows = root.one("table", id="findings-table").one("tbody").all("tr")
    assert len(rows) == int((findings["category"] == category).sum())
    assert root.one("section", id="segments-view").attrs.get("hidden") is not None


def _column(root: Node, cls: str) -> list[str]:
    return [row.one("td", cls=cls).text() for row in root.one("table", id="findings-table").one("tbody").all("tr")]


def test_findings_table_sorts_by_each_column(injected) -> None:
    page, findings, _ = injected
    headers = dom(page).one("table", id="findings-table").one("thead").all("button")
    assert [b.attrs["data-sort"] for b in headers] == ["file", "line", "rule", "severity", "category", "phrase"]
    phrases = _column(dom(page, "#view=findings&sort=phrase"), "phrase")
    assert phrases == sorted(findings["phrase"]) and len(phrases) == len(findings)
    rules = _column(dom(page, "#view=findings&sort=rule&dir=desc"), "rule")
    assert rules == sorted(findings["rule"], reverse=True)
    root = dom(page, "#view=findings&sort=severity&dir=desc")
    severities = [row.one("span", cls="sev").text() for row in root.one("table", id="findings-table").one("tbody").all("tr")]
    assert severities[0] == "critical" and severities[-1] == "minor"
    assert root.one("th", data_column="severity").attrs["aria-sort"] == "descending"


def test_segments_come_page_by_page(tmp_path) -> None:
    target = tmp_path / "many.txt"
    target.write_text("".join(f"Line {n} of the text.. It is here.\n" for n in range(1, 451)), encoding="utf-8")
    page = tmp_path / "many.html"
    assert run("check", str(target), "--tgt-lang", "en", "--format", "html", "-o", str(page)).returncode == 0
    root = dom(page)
    assert len(root.one("table", id="segment-table").all("tbody")) == 200
    assert "page 1 of 3" in root.one("nav", id="segments-pager").text()
    root = dom(page, "#page=3")
    bodies = root.one("table", id="segment-table").all("tbody")
    assert len(bodies) == 50 and bodies[0].one("span", cls="ln").text() == "401"
    assert "page 9 of 9" in dom(page, "#per=50&page=9").one("nav", id="segments-pager").text()


# ---- keyboard and print ----

def test_controls_are_real_buttons_and_print_hides_them(seed_html, tmp_path) -> None:
    page, findings = seed_html
    root = dom(page)
    for name in ("severity", "rule", "category", "decision", "per"):
        assert root.one("select", id=name)
    assert root.one("input", id="flagged").attrs["type"] == "checkbox"
    assert all(b.attrs.get("type") == "button" for b in root.all("button"))
    style = root.one("style").text()
    assert ":focus-visible" in style and "@media print" in style
    assert re.search(r"@media print\{[^}]*\.controls", style)
    pdf = tmp_path / "seed.pdf"
    chromium("--virtual-time-budget=5000", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.exists() and pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Severity at least" not in text and "False alarm" not in text
        assert "word choice: the reference has" in text  # evidence printed, not hover-only


# ---- hostile text stays text ----

def test_hostile_text_cannot_escape_the_page(tmp_path) -> None:
    target = tmp_path / "x.txt"
    lines = ['He said </script><script>document.title="pwned"</script> it.. Really.',
             'A </template><img src=x onerror="document.title=1"> b.. c',
             "Emoji 😀😀 then an error.. here \u2028 and \x1b[31m too.. x",
             'Quote "this" and back\\slash.. ok',
             'Not a tag <!--<script> \ue000 here.. </script> end']
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = tmp_path / "x.html"
    assert run("check", str(target), "--tgt-lang", "en", "--format", "html", "-o", str(page)).returncode == 0
    text = page.read_text(encoding="utf-8")
    data = text.split('<script type="application/json" id="audit-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and "\u2028" not in data
    strings = text.split('<script type="text/plain" id="audit-strings">', 1)[1].split("</script>", 1)[0]
    assert "<" not in strings and "\u2028" not in strings
    root = dom(page)
    assert root.one("title").text() == "audit review"
    assert not root.all("img") and len(root.all("script")) == 3
    targets = [td.text() for td in root.all("td", cls="tgt")]
    assert targets[0].startswith('He said </script><script>document.title="pwned"</script> it.')
    assert "\\u2028" in targets[2] and "\\x1b[31m" in targets[2]
    assert targets[4] == "Not a tag <!--<script> \\ue000 here.. </script> end"
    from audit.report.html_data import shown_text

    csv = tmp_path / "x.csv"
    assert run("check", str(target), "--tgt-lang", "en", "-o", str(csv)).returncode == 0
    findings = read_report(csv)
    marked = sorted((int(body.one("span", cls="ln").text()), m.text())
                    for body in root.one("table", id="segment-table").all("tbody") for m in body.all("mark"))
    assert marked == sorted(zip(findings["line"], map(shown_text, findings["phrase"])))  # UTF-16 offsets: 😀 counts 2
    assert any(line == 3 for line, _ in marked)


# ---- decisions exported and read back ----

def _export(page: Path, fragment: str) -> str:
    pre = dom(page, fragment).one("pre", id="export-text")
    return pre.text()


def test_accepting_the_major_findings_makes_the_gate_pass(injected, tmp_path) -> None:
    """Majors and criticals accepted (baseline), minors marked false alarms (ignore file): the gate that
    failed passes; with the baseline alone only the minors' penalty is left."""
    page, findings, args = injected
    before = run("gate", *args)
    assert before.returncode == 1 and "major findings per 1,000 words" in before.stdout.decode()
    serious = findings[findings["severity"] != "minor"]
    minor = findings[findings["severity"] == "minor"]
    assert len(serious) and len(minor)
    text = _export(page, "#accept=" + ",".join(sorted(set(serious["fingerprint"]))) + "&export=baseline")
    baseline = tmp_path / "reviewed-baseline.json"
    baseline.write_text(text, encoding="utf-8")
    accepted = findings[findings["fingerprint"].isin(set(serious["fingerprint"]))]  # a fingerprint may recur
    assert sum(e["count"] for e in json.loads(text)["findings"].values()) == len(accepted)
    majors_gone = run("gate", *args, "--baseline", str(baseline))
    said = majors_gone.stdout.decode()
    assert majors_gone.returncode == 1 and "major findings per 1,000" not in said
    assert "critical finding" not in said and "MQM penalty" in said
    checked = tmp_path / "after.csv"
    assert run("check", *args, "--baseline", str(baseline), "-o", str(checked)).returncode == 0
    assert len(read_report(checked)) == len(findings) - len(accepted)
    ignore = tmp_path / "reviewed-ignore.toml"
    ignore.write_text(_export(page, "#reject=" + ",".join(minor["fingerprint"]) + "&export=ignore"), encoding="utf-8")
    after = run("gate", *args, "--baseline", str(baseline), "--ignore-file", str(ignore))
    assert after.returncode == 0, after.stdout + after.stderr


def test_the_exported_baseline_is_what_audit_baseline_writes(seed_html, tmp_path) -> None:
    page, findings = seed_html
    written = tmp_path / "audit-baseline.json"
    assert run("baseline", str(SEED), "--src-lang", "fr", "--ref-doc", str(CLEAN_SEED), "-o", str(written)).returncode == 0
    exported = _export(page, "#accept=" + ",".join(sorted(set(findings["fingerprint"]))) + "&export=baseline")
    assert exported == written.read_text(encoding="utf-8")


def test_false_alarms_export_as_an_ignore_file_check_reads(tmp_path) -> None:
    target = tmp_path / "odd [name].txt"
    target.write_text('He said "it is over.\nA \\ back.. slash.\nSoldes: the winter balances started.\n'
                      'The space here , and «this » too.\n', encoding="utf-8")
    page, csv = tmp_path / "odd.html", tmp_path / "odd.csv"
    assert run("check", str(target), "--tgt-lang", "en", "--format", "html", "-o", str(page)).returncode == 0
    assert run("check", str(target), "--tgt-lang", "en", "-o", str(csv)).returncode == 0
    findings = read_report(csv)
    rejected = findings[findings["line"] != 3]
    entries = {(r.split("+")[0], p) for r, p in zip(rejected["rule"], rejected["phrase"])}
    assert len(entries) >= 2
    text = _export(page, "#reject=" + ",".join(rejected["fingerprint"]) + "&export=ignore")
    assert text.count("[[ignore]]") == len(entries)  # one entry per rule, phrase and file
    ignore = tmp_path / "audit-ignore.toml"
    ignore.write_text(text, encoding="utf-8")
    from audit.gate.suppress import load_ignore

    assert {(e.rule, e.phrase) for e in load_ignore(ignore)} == entries
    after = tmp_path / "after.csv"
    assert run("check", str(target), "--tgt-lang", "en", "--ignore-file", str(ignore), "-o", str(after)).returncode == 0
    assert sorted(read_report(after)["fingerprint"]) == sorted(findings[findings["line"] == 3]["fingerprint"])


def test_the_page_writes_the_baseline_version_the_reader_knows() -> None:
    from audit.gate.suppress import BASELINE_VERSION
    from audit.report.html_assets import SCRIPT

    assert f"const BASELINE_VERSION = {BASELINE_VERSION};" in SCRIPT


def test_decisions_are_kept_under_the_reports_key(seed_html) -> None:
    page, findings = seed_html
    root = dom(page, "#reject=" + findings["fingerprint"][0])
    key = root.one("html").attrs["data-report-key"]
    assert re.fullmatch(r"[0-9a-f]{20}", key)
    assert "1 false alarm ·" in root.one("span", id="decision-count").text()
    assert root.one("li", id="f-0").attrs["data-decision"] == "false"
