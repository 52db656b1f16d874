"""Language identification: the cached py3langid model answers as the packaged one, and a damaged cache
is ignored; the cache keeps one entry per family."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("damage", [None, b"not a pickle"])
def test_cached_model_ranks_as_the_packaged_one(tmp_path, monkeypatch, damage) -> None:
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.langid import LanguageIdentifier as Model

    from audit.langid import _py3langid_model

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = _py3langid_model()  # writes the cache
    cached = list((tmp_path / "audit" / "py3langid").glob("*.pickle"))  # audit.cache
    assert len(cached) == 1 and not list((tmp_path / "audit" / "py3langid").glob(".*.tmp"))
    if damage:
        cached[0].write_bytes(damage)
    second = _py3langid_model()  # reads it (or, damaged, falls back and rewrites it)
    packaged = Model.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=False)
    for text in ("Das ist ein kurzer Satz.", "Ceci n'est pas une pipe.", "The regime is over, he said."):
        assert first.rank(text) == second.rank(text) == packaged.rank(text)
    assert cached[0].read_bytes()[:1] == b"\x80"  # a pickle again


def test_unwritable_cache_still_loads(tmp_path, monkeypatch) -> None:
    from audit.langid import _py3langid_model

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the cache folder would go
    assert _py3langid_model().rank("Das ist ein kurzer Satz.")[0][0] == "de"


def test_cache_keeps_one_entry_per_family(tmp_path, monkeypatch) -> None:
    """A new key (a newer package, other data) replaces the family's older entries and no other family's;
    a cache that kept one ~69 MB model per installation would grow without end."""
    from audit.cache import cached, code_key

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cached("model", "v1", lambda: [1]) == [1]
    assert cached("model-de", "v1", lambda: [2]) == [2]
    assert cached("model", "v1", lambda: [9]) == [1]  # read back, not rebuilt
    assert cached("model", "v2", lambda: [3]) == [3]
    code = code_key(test_cache_keeps_one_entry_per_family)  # the lambdas are defined in this file
    names = sorted(str(p.relative_to(tmp_path / "audit")) for p in (tmp_path / "audit").rglob("*.pickle"))
    assert names == [f"model-de/v1-{code}.pickle", f"model/v2-{code}.pickle"]


def test_an_entry_built_by_other_code_is_another_entry(tmp_path, monkeypatch) -> None:
    """The same family and key built by a different builder (an upgrade that stores another shape) is never
    read as the old entry: the key carries a digest of the builder's source file."""
    import audit.cache as cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cached("words", "1.0", lambda: {"old": 1}) == {"old": 1}
    monkeypatch.setattr(cache, "code_key", lambda function: "othercode")
    assert cache.cached("words", "1.0", lambda: {"new": 2}) == {"new": 2}


def test_file_key_follows_content_not_time(tmp_path) -> None:
    import os

    from audit.cache import file_key

    data = tmp_path / "model.bin"
    data.write_bytes(b"weights")
    before = file_key(data)
    os.utime(data, (0, 0))  # another installation: same bytes, another time
    assert file_key(data) == before
    data.write_bytes(b"weightz")
    assert file_key(data) != before


# Target language on short text: the whole document, then the source language as a prior (issue 16, item 4).
@pytest.mark.parametrize("text, src, expected", [
    ("Get rid of the diet", "fr", "en"),   # too short for the whole-document rule, near certain on its own
    ("Hello", "fr", "en"),                  # unclear alone; among fr's translation targets, English leads
    ("Hello", None, None),                  # no prior: cannot tell
    ("12 34", "fr", None),                  # no words at all
    ("Merci beaucoup", "en", "fr"),
])
def test_short_target_language_uses_the_source_as_a_prior(text, src, expected) -> None:
    from audit.languages import detect_target_language

    assert detect_target_language(text, src) == expected


def test_one_line_french_to_english_gets_the_english_rules(tmp_path) -> None:
    from test_cli import run

    (tmp_path / "t.txt").write_text("Get rid of the diet\n", encoding="utf-8")
    proc = run("check", str(tmp_path / "t.txt"), "--src-lang", "fr", "-o", str(tmp_path / "r.csv"))
    assert proc.returncode == 0 and "(fr→en)" in proc.stdout.decode(), proc.stderr.decode()
    assert "diet,LX001" in (tmp_path / "r.csv").read_text(encoding="utf-8")
    assert not proc.stderr


def test_an_undetermined_target_language_is_said_not_silent(tmp_path) -> None:
    import json

    from test_cli import run

    (tmp_path / "t.txt").write_text("12 34..\n", encoding="utf-8")
    proc = run("check", str(tmp_path / "t.txt"), "--src-lang", "fr", "-o", str(tmp_path / "r.csv"))
    assert proc.returncode == 0
    assert "target language could not be told" in proc.stderr.decode() and "--tgt-lang" in proc.stderr.decode()
    meta = json.loads((tmp_path / "r.csv.meta.json").read_text(encoding="utf-8"))
    assert meta["languages"]["target"] is None and "--tgt-lang" in meta["languages"]["target_note"]
    assert ",PU001," in (tmp_path / "r.csv").read_text(encoding="utf-8")  # language-independent rules ran
