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
    from audit.cache import cached

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cached("model", "v1", lambda: [1]) == [1]
    assert cached("model-de", "v1", lambda: [2]) == [2]
    assert cached("model", "v1", lambda: [9]) == [1]  # read back, not rebuilt
    assert cached("model", "v2", lambda: [3]) == [3]
    names = sorted(str(p.relative_to(tmp_path / "audit")) for p in (tmp_path / "audit").rglob("*.pickle"))
    assert names == ["model-de/v1.pickle", "model/v2.pickle"]


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
