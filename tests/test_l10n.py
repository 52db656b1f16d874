"""Localization files (issue 17, item 2): placeholders and tags against the source, every PO plural form,
fuzzy/untranslated/translate="no" units skipped and counted, lines in the input file, `--format po`."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import polib
import pytest

from audit.api import run_audit
from audit.inputs.formats import read_po, read_xliff
from audit.report import read_report
from conftest import ROOT
from test_cli import run

DATA = ROOT / "tests" / "data"
PO, XLF, XLF2 = DATA / "l10n.po", DATA / "l10n.xlf", DATA / "l10n2.xlf"


def line_of(path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line of `path` containing `needle`."""
    hits = [k for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def check(tmp_path, target, *args: str, fmt: str = "csv", name: str = "r"):
    out = tmp_path / f"{name}.{fmt}"
    proc = run("check", str(target), "--format", fmt, "-o", str(out), *args)
    assert proc.returncode == 0, proc.stderr.decode()
    return out, proc


def test_every_po_plural_form_is_a_unit_with_its_source_and_line() -> None:
    units = read_po(str(PO))
    k = units.targets.index("%d fichiers ont été copiés")
    assert units.sources[k] == "%d files were copied to %s"  # msgstr[1] against msgid_plural
    assert units.sources[k - 1] == "One file was copied to %s"  # msgstr[0] against msgid
    assert units.ids[k].endswith("[1]") and units.ids[k - 1].endswith("[0]")
    assert units.lines[k] == line_of(PO, 'msgstr[1] "%d fichiers ont')
    assert units.lines[k - 1] == line_of(PO, 'msgstr[0] "Un fichier')
    assert units.lines[0] == line_of(PO, 'msgstr "%s supprimé')
    assert units.states[units.targets.index("Enregistré %s éléments")] == "fuzzy"


def test_plural_form_placeholder_lost_is_found_on_that_form(tmp_path) -> None:
    report, _ = check(tmp_path, PO)
    findings = read_report(report)
    units = read_po(str(PO))
    k = units.targets.index("%d fichiers ont été copiés") + 1
    mine = findings[(findings["line"] == k) & (findings["rule"] == "PH001")]
    assert len(mine) == 1 and mine.iloc[0]["id"].endswith("[1]") and "%s" in mine.iloc[0]["evidence"]


def test_inline_codes_in_the_text_form_and_offsets_slice_it() -> None:
    units = read_xliff(str(XLF))
    assert units.targets[0] == "Cliquez ⟦g1⟧ici⟦/g1⟧ pour ouvrir le fichier."
    assert units.sources[0] == "Click ⟦g1⟧here⟦/g1⟧ to open ⟦x2⟧ the file."
    assert units.targets[1] == "Ouvrez ⟦bpt1⟧Réglages⟦ept1⟧ maintenant."
    units2 = read_xliff(str(XLF2))
    assert units2.sources[0] == "Press ⟦ph1⟧ to ⟦pc2⟧save⟦/pc2⟧."
    assert units2.states[-1] == "translate-no"


@pytest.mark.parametrize("path", [PO, XLF, XLF2])
def test_placeholder_findings_slice_the_target(tmp_path, path) -> None:
    report, _ = check(tmp_path, path, "--include", "all")
    findings = read_report(report)
    reader = read_po if path.suffix == ".po" else read_xliff
    targets = reader(str(path)).targets
    mine = findings[findings["rule"].str.contains("PH00")]
    assert len(mine) >= 3
    for row in mine.itertuples():
        assert targets[row.line - 1][row.start:row.end] == row.phrase


def test_plain_text_with_a_source_is_checked_too() -> None:
    result = run_audit(["Bonjour {nom}, vous avez %d messages."], ["Hello {name}, you have %s messages."],
                       src_lang="en", tgt_lang="fr")
    assert sorted(result.findings.loc[result.findings["rule"] == "PH001", "phrase"]) == ["%d", "{nom}"]
    alone = run_audit(["Bonjour {nom}, vous avez %d messages."], src_lang="en", tgt_lang="fr")
    assert not alone.findings["rule"].str.contains("PH").any()  # no source, nothing to compare with


def test_fuzzy_untranslated_and_translate_no_are_skipped_and_counted(tmp_path) -> None:
    report, proc = check(tmp_path, PO)
    meta = json.loads((tmp_path / "r.csv.meta.json").read_text(encoding="utf-8"))
    assert meta["counts"]["skipped_units"] == {"fuzzy": 1, "untranslated": 1}
    assert meta["counts"]["untranslated"] == 1  # the gate still counts it
    assert "not audited (--include to audit): fuzzy 1, untranslated 1" in proc.stdout.decode()
    units = read_po(str(PO))
    fuzzy_line = units.states.index("fuzzy") + 1
    assert fuzzy_line not in set(read_report(report)["line"])
    included, proc = check(tmp_path, PO, "--include", "fuzzy", name="inc")
    assert fuzzy_line in set(read_report(included)["line"])
    meta = json.loads((tmp_path / "inc.csv.meta.json").read_text(encoding="utf-8"))
    assert meta["counts"]["skipped_units"] == {"untranslated": 1} and meta["options"]["include"] == "fuzzy"
    _, proc = check(tmp_path, XLF, name="x")
    assert "needs-translation 1, translate-no 1, untranslated 1" in proc.stdout.decode()


def test_include_names_are_checked(tmp_path) -> None:
    proc = run("check", str(PO), "--include", "fuzzy,bogus", "-o", str(tmp_path / "r.csv"))
    assert proc.returncode == 2 and b"--include: 'bogus' is not one of" in proc.stderr
    assert b"Traceback" not in proc.stderr


@pytest.mark.parametrize("include", [(), ("--include", "all")])
def test_the_gate_counts_untranslated_units_whether_skipped_or_not(tmp_path, include) -> None:
    proc = run("gate", str(PO), "-o", str(tmp_path / "g.csv"), *include)
    assert proc.returncode == 1
    assert "1 untranslated unit" in proc.stdout.decode()


def test_ci_formats_give_the_line_in_the_file_and_csv_keeps_the_index(tmp_path) -> None:
    units = read_xliff(str(XLF))
    k = units.ids.index("t3")
    target_line = line_of(XLF, "<target>Ligne un")
    sarif, _ = check(tmp_path, XLF, fmt="sarif")
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    lines = {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results}
    file_lines = XLF.read_text(encoding="utf-8").splitlines()
    assert target_line in lines and all("<target" in file_lines[n - 1] for n in lines)
    github, _ = check(tmp_path, XLF, fmt="github")
    assert f"line={target_line}," in github.read_text(encoding="utf-8")
    junit, _ = check(tmp_path, XLF, fmt="junit")
    names = [c.get("name") for c in ET.parse(junit).getroot().iter("testcase")]
    assert any(name.startswith(f"line {target_line} PH001") for name in names)
    csv, _ = check(tmp_path, XLF)
    findings = read_report(csv)
    assert k + 1 in set(findings["line"]) and "t3" in set(findings["id"])  # the index, the unit id kept
    shown = run("show", str(csv), "--rule", "PH001").stdout.decode()
    assert re.search(rf"l10n\.xlf:{target_line}:\d+ ", shown)


def test_po_lines_in_sarif_are_msgstr_lines(tmp_path) -> None:
    sarif, _ = check(tmp_path, PO, fmt="sarif")
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    lines = {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results}
    assert line_of(PO, 'msgstr[1] "%d fichiers ont') in lines
    assert all(PO.read_text(encoding="utf-8").splitlines()[n - 1].startswith("msgstr") for n in lines)


def test_format_po_writes_findings_as_comments_and_fuzzy_flags(tmp_path) -> None:
    out, _ = check(tmp_path, PO, fmt="po")
    written = out.read_text(encoding="utf-8")
    catalogue, original = polib.pofile(written), polib.pofile(str(PO))
    assert [e.msgid for e in catalogue] == [e.msgid for e in original]
    assert [e.msgstr_plural or e.msgstr for e in catalogue] == [e.msgstr_plural or e.msgstr for e in original]
    entry = catalogue.find("Deleted %s from the %s folder.")
    assert "fuzzy" in entry.flags and "c-format" in entry.flags
    assert any(line.startswith("audit: PH001 major: '': ") and line.endswith("→ %s")
               for line in entry.tcomment.splitlines())
    plural = catalogue.find("One file was copied to %s")
    assert "audit: PH001 major (msgstr[1]):" in plural.tcomment
    clean = catalogue.find("%d error")
    assert not clean.tcomment and "fuzzy" not in clean.flags
    assert "# audit: PH001" in written and "\x00" not in written
    again, _ = check(tmp_path, out, fmt="po", name="again")
    assert again.read_text(encoding="utf-8") == written  # earlier audit comments are replaced, not piled up


def test_format_po_is_refused_over_its_input_and_for_other_inputs(tmp_path) -> None:
    copy = tmp_path / "c.po"
    copy.write_bytes(PO.read_bytes())
    proc = run("check", str(copy), "--format", "po", "-o", str(copy))
    assert proc.returncode == 2 and b"refusing to write a report over it" in proc.stderr
    assert copy.read_bytes() == PO.read_bytes()
    proc = run("check", str(XLF), "--format", "po", "-o", str(tmp_path / "x.po"))
    assert proc.returncode == 2 and proc.stderr.count(b"\n") == 1 and b"give one .po file" in proc.stderr
    assert not (tmp_path / "x.po").exists()


def test_a_po_report_is_not_read_back_as_findings(tmp_path) -> None:
    out, _ = check(tmp_path, PO, fmt="po")
    proc = run("show", str(out))
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
