"""The signature pins the output: the rule-set hash covers every data file the detectors read at run time,
the user lexicons in force, the package's code and the run options given to it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audit import corpora
from audit.detectors import catalogue as rules
from audit.corpora import data_fingerprint, runtime_data_files, shipped_data_digest, tree_digest
from audit.detectors.catalogue import code_fingerprint, ruleset_hash

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpora_copy(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("sig") / "corpora"
    shutil.copytree(ROOT / "corpora", copy, ignore=shutil.ignore_patterns("eval"))
    return copy


def test_every_data_reader_file_is_covered():
    """The files the detectors read (a sample across the kinds) are among the hashed ones; evaluation data is not."""
    names = {p.relative_to(corpora.corpora_dir()).as_posix() for p in runtime_data_files()}
    assert {"words/function_words.tsv", "words/negation.tsv", "locale/fr.toml", "language/length_ratios.tsv",
            "thesaurus/en_synonyms.txt", "dictionaries/de-en.tsv", "lexicons/fr-en.tsv", "boilerplate/en.tsv"} <= names
    assert not [n for n in names if n.startswith("eval/")]


def test_changing_any_shipped_data_file_changes_the_digest(corpora_copy):
    files = runtime_data_files(corpora_copy)
    before = tree_digest(corpora_copy, files)
    assert before == tree_digest(corpora_copy, files)  # same inputs, same digest
    seen = {before}
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        seen.add(tree_digest(corpora_copy, runtime_data_files(corpora_copy)))
        path.write_bytes(original)
    assert len(seen) == len(files) + 1
    assert tree_digest(corpora_copy, runtime_data_files(corpora_copy)) == before


def test_the_fingerprint_follows_the_corpora_the_loader_reads(corpora_copy, monkeypatch):
    """Pointing the loader at a copy gives the same hash; editing one list in the copy changes it."""
    same = ruleset_hash(data_fingerprint())
    monkeypatch.setattr(corpora, "corpora_dir", lambda: corpora_copy)
    assert ruleset_hash(data_fingerprint()) == same
    (corpora_copy / "words" / "repeats.tsv").write_text("lang\tword\nen\thad\n", encoding="utf-8")
    shipped_data_digest.cache_clear()
    assert ruleset_hash(data_fingerprint()) != same


def test_changing_a_detector_source_changes_the_code_fingerprint(tmp_path):
    package = tmp_path / "audit"
    shutil.copytree(ROOT / "audit", package, ignore=shutil.ignore_patterns("__pycache__", "corpora"))
    assert code_fingerprint(package) == code_fingerprint(rules.PACKAGE_DIR)
    detector = package / "detectors" / "punctuation.py"
    detector.write_text(detector.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    code_fingerprint.cache_clear()
    assert code_fingerprint(package) != code_fingerprint(rules.PACKAGE_DIR)


def test_the_code_fingerprint_enters_the_rule_set_hash(monkeypatch):
    before = ruleset_hash(b"data")
    monkeypatch.setattr(rules, "code_fingerprint", lambda: b"other code")
    assert ruleset_hash(b"data") != before


def test_options_that_change_findings_change_the_hash():
    data = data_fingerprint()
    plain = ruleset_hash(data)
    assert ruleset_hash(data, options={}) == plain
    minor = ruleset_hash(data, options={"ref_minor": True, "max_segment_chars": 20000})
    assert minor != plain and minor != ruleset_hash(data, options={"ref_minor": False, "max_segment_chars": 20000})
    assert minor == ruleset_hash(data, options={"max_segment_chars": 20000, "ref_minor": True})  # order-free


def test_the_shipped_digest_is_computed_once_per_process():
    shipped_data_digest.cache_clear()
    data_fingerprint()
    data_fingerprint()
    assert shipped_data_digest.cache_info().hits >= 1 and shipped_data_digest.cache_info().misses == 1
