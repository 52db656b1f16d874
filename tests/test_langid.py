"""Language identification: the model mapped from the cache answers exactly as py3langid's packaged one,
loads without unpickling anything, and a damaged cache is rebuilt; the cache keeps one entry per family."""

from __future__ import annotations

import pytest

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
# Besides the project's own sentences in six languages: scripts and cases the model treats apart.
MORE_TEXTS = [
    "", "12 34", "...", "THE REGIME IS OVER, HE SAID", "DAS IST EIN KURZER SATZ", "Привет, как дела?",
    "Ово је тест на српском.", "Ovo je test na hrvatskom jeziku.", "这是一个测试句子。", "これはテストです。",
    "이것은 시험입니다.", "هذا اختبار قصير.", "זהו מבחן קצר.", "Αυτό είναι ένα σύντομο κείμενο.",
    "यह एक छोटा वाक्य है।", "To jest krótkie zdanie po polsku.", "Tohle je krátká česká věta.",
    "Dit is een korte zin.", "Bu kısa bir cümle.", "Tämä on lyhyt lause.", "café", "naïve résumé",
    "e\u0301te\u0301 (decomposed)", "emoji 🙂 only", "\udcff lone surrogate",
]


def sample_texts() -> list[str]:
    """A few hundred texts: each line of corpora/eval/injected (en, de, es, fr, it, pt), its first three
    words, and MORE_TEXTS."""
    lines = []
    for path in sorted((ROOT / "corpora" / "eval" / "injected").glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines + [" ".join(line.split()[:3]) for line in lines[::3]] + MORE_TEXTS


@pytest.fixture(scope="module")
def packaged():
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.langid import LanguageIdentifier as Model

    return Model.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=False)


@pytest.fixture(scope="module")
def mapped(tmp_path_factory):
    """The model as every run loads it: mapped from a cache this module builds once."""
    from audit.langid import MappedModel, _py3langid_arrays

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        _py3langid_arrays()  # builds the entry
        return MappedModel(_py3langid_arrays())  # maps it


def test_mapped_model_ranks_exactly_as_py3langid(mapped, packaged) -> None:
    """Every language with the same score, bit for bit, in the same order, on 800 texts (35 languages
    come first, over 12 scripts): the labels and probabilities the auditor reports cannot change."""
    texts = sample_texts()
    assert len(texts) >= 800
    for text in texts:
        assert mapped.rank(text) == packaged.rank(text), text


def test_identifier_probabilities_are_py3langids_renormalised(tmp_path, monkeypatch, packaged) -> None:
    from audit.langid import Py3LangId, _softmax

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    identifier = Py3LangId()
    for text in ("Das ist ein kurzer Satz.", "Get rid of the diet", "Merci beaucoup"):
        ranked = packaged.rank(text)
        assert identifier.scores(text) == _softmax(ranked[:10])
        assert identifier.scores(text, ("de", "en")) == _softmax([p for p in ranked if p[0] in ("de", "en")])


CANDIDATE_SETS = [("de", "en"), ("en", "de"), ("fr", "it", "es"), ("en",), ("xx", "en"), ("en", "en", "de"), ("zh", "ja"),
                  ("sr", "hr", "bs"), ()]


def test_identifier_reads_the_candidates_scores_as_the_ranking_filtered(packaged) -> None:
    """The probabilities over some languages come from their scores alone, ordered as `rank` orders them
    (ties in the model's order): the same as filtering py3langid's ranking, on 800 texts and candidate
    sets with unknown, repeated and tied languages; the best ten likewise."""
    from audit.langid import _softmax, get_identifier

    identifier = get_identifier("py3langid")
    for text in sample_texts() + ["", "12345", "!!!"]:
        ranked = packaged.rank(text)
        assert identifier.scores(text) == _softmax(ranked[:10]), text
        for candidates in CANDIDATE_SETS:
            assert identifier.scores(text, candidates) == _softmax([p for p in ranked if p[0] in candidates]), text


def mapped_file(array) -> object:
    """The object at the bottom of an array's chain of views (a numpy array's `base`, a memoryview's `obj`)."""
    while True:
        below = array.obj if isinstance(array, memoryview) else getattr(array, "base", None)
        if below is None:
            return array
        array = below


def test_the_model_is_mapped_from_the_cache_not_unpickled(mapped) -> None:
    """Its large arrays are read-only views of a file map: every process mapping the file shares its pages."""
    import mmap

    for array in (mapped._weights, mapped._priors, mapped._moves):
        assert isinstance(mapped_file(array), mmap.mmap)
    assert not mapped._weights.flags.writeable and mapped._weights.nbytes > 20_000_000


def test_loading_the_cached_model_unpickles_nothing(tmp_path) -> None:
    """A fresh process with pickle disabled loads the model from a warm cache and identifies a text."""
    import os
    import subprocess
    import sys

    script = """
import pickle, sys
def refuse(*args, **kwargs):
    raise AssertionError("unpickling")
pickle.load = pickle.loads = refuse
from audit.langid import identify
print(identify("Das ist ein kurzer Satz.")[0])
"""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    build = subprocess.run([sys.executable, "-c", "from audit.langid import identify; identify('x')"],
                           cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert build.returncode == 0, build.stderr.decode()
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.decode().strip() == "de", proc.stderr.decode()


@pytest.mark.parametrize("damage", [None, b"not arrays", b"audit-arrays-1\n\0" + b"\xff" * 8, "truncate"])
def test_damaged_cached_model_is_rebuilt(tmp_path, monkeypatch, packaged, damage) -> None:
    from audit.langid import MappedModel, _py3langid_arrays

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _py3langid_arrays()  # writes the cache (and maps it: damaged in place below, it is read no more)
    family = tmp_path / "audit" / "py3langid"
    cached = list(family.glob("*.arrays"))  # audit.cache.cached_arrays
    assert len(cached) == 1 and not list(family.glob(".*.tmp"))
    whole = cached[0].stat().st_size
    if damage == "truncate":
        with cached[0].open("r+b") as handle:
            handle.truncate(whole // 2)
    elif damage:
        cached[0].write_bytes(damage)
    second = MappedModel(_py3langid_arrays())  # reads it (or, damaged, rebuilds it)
    for text in ("Das ist ein kurzer Satz.", "Ceci n'est pas une pipe.", "The regime is over, he said."):
        assert second.rank(text) == packaged.rank(text)
    assert [p.stat().st_size for p in family.iterdir()] == [whole]  # whole again, and alone


def _crafted(arrays: dict, name: str) -> dict:
    """A model whose file layout is whole but whose contents are not a model (one flaw each)."""
    import numpy as np

    made = {k: np.array(v) for k, v in arrays.items()}
    if name == "missing classes":
        del made["classes"]
    elif name == "moves big-endian":
        made["moves"] = made["moves"].astype(">u4")
    elif name == "moves 2-D":
        made["moves"] = made["moves"].reshape(-1, 256)
    elif name == "moves out of range":
        made["moves"][7] = len(made["row_starts"]) + 5
    elif name == "features out of range":
        made["features"][3] = 100_000_000
    elif name == "weights as int8":
        made["weights"] = made["weights"].astype(np.int8)
    elif name == "rows past the moves":
        made["row_starts"][-1] = made["moves"].size
    return made


CRAFTED = ["missing classes", "moves big-endian", "moves 2-D", "moves out of range", "features out of range",
           "weights as int8", "rows past the moves", "offset 1e999", "header nested 200,000 deep"]


@pytest.mark.parametrize("flaw", CRAFTED)
def test_a_crafted_cached_model_is_refused_and_rebuilt(tmp_path, monkeypatch, packaged, flaw) -> None:
    """The cache is input like any other: a file of the right layout holding arrays that are not the model
    (which would read out of bounds, fail deep inside the detector or score wrongly) is deleted and rebuilt."""
    from audit.cache import ARRAYS_MAGIC, write_arrays
    from audit.langid import MappedModel, _py3langid_arrays

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    arrays = _py3langid_arrays()
    (cached,) = (tmp_path / "audit" / "py3langid").glob("*.arrays")
    original = cached.read_bytes()
    crafted = tmp_path / "crafted"
    if flaw == "offset 1e999":
        header = b'{"priors": {"dtype": "<f4", "shape": [142], "offset": 1e999}}'
        crafted.write_bytes(ARRAYS_MAGIC + len(header).to_bytes(8, "little") + header)
    elif flaw.startswith("header nested"):
        header = b"[" * 200_000 + b"]" * 200_000
        crafted.write_bytes(ARRAYS_MAGIC + len(header).to_bytes(8, "little") + header)
    else:
        write_arrays(crafted, _crafted(arrays, flaw))
    del arrays
    crafted.replace(cached)
    second = MappedModel(_py3langid_arrays())
    for text in ("Das ist ein kurzer Satz.", "Ceci n'est pas une pipe."):
        assert second.rank(text) == packaged.rank(text)
    assert [p.read_bytes() == original for p in (tmp_path / "audit" / "py3langid").iterdir()] == [True]


def test_unwritable_cache_still_loads(tmp_path, monkeypatch) -> None:
    from audit.langid import MappedModel, _py3langid_arrays

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the cache folder would go
    assert MappedModel(_py3langid_arrays()).rank("Das ist ein kurzer Satz.")[0][0] == "de"


def test_the_new_form_replaces_an_older_pickled_model(tmp_path, monkeypatch) -> None:
    """An upgrade's first run leaves one model in the cache, not the old ~69 MB pickle beside the new file."""
    from audit.langid import _py3langid_arrays

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    family = tmp_path / "audit" / "py3langid"
    family.mkdir(parents=True)
    (family / "0.4.0-1e7b222d82c3af2c-eb408f1a.pickle").write_bytes(b"\x80old")
    _py3langid_arrays()
    assert [p.suffix for p in family.iterdir()] == [".arrays"]


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


def test_cached_arrays_are_mapped_read_only_and_replace_the_familys_older_entries(tmp_path, monkeypatch) -> None:
    import mmap

    import numpy as np

    from audit.cache import cached_arrays

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = {"weights": np.arange(12, dtype=np.float16).reshape(3, 4), "names": np.array(["de", "en"]),
             "empty": np.zeros(0, dtype=np.int32)}
    cached_arrays("model", "v1", lambda: built)
    read = cached_arrays("model", "v1", lambda: pytest.fail("rebuilt"))
    assert sorted(read) == sorted(built)
    for name, array in built.items():
        assert read[name].dtype == array.dtype and np.array_equal(read[name], array)
        assert not read[name].flags.writeable
    assert isinstance(mapped_file(read["weights"]), mmap.mmap)
    cached_arrays("model", "v2", lambda: built)
    assert [p.name.split("-")[0] for p in (tmp_path / "audit" / "model").iterdir()] == ["v2"]


@pytest.mark.parametrize("entry", [
    {"dtype": "|O", "shape": [1], "offset": 0},          # Python objects
    {"dtype": "<f4", "shape": [-1], "offset": 0},        # a negative size
    {"dtype": "<f4", "shape": [4], "offset": -64},       # before the data
    {"dtype": "<f4", "shape": [1_000_000], "offset": 0}, # past the end of the file
    {"dtype": "no such type", "shape": [1], "offset": 0},
    "not an entry",
])
def test_cached_arrays_rebuild_a_file_whose_header_lies(tmp_path, monkeypatch, entry) -> None:
    import json

    import numpy as np

    from audit.cache import ARRAYS_MAGIC, cached_arrays

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached_arrays("model", "v1", lambda: {"w": np.ones(4, dtype=np.float32)})
    [path] = (tmp_path / "audit" / "model").iterdir()
    whole = path.stat().st_size
    header = json.dumps({"w": entry}).encode()
    path.write_bytes(ARRAYS_MAGIC + len(header).to_bytes(8, "little") + header + b"\0" * 64)
    assert cached_arrays("model", "v1", lambda: {"w": np.ones(4, dtype=np.float32)})["w"].tolist() == [1.0] * 4
    assert [p.stat().st_size for p in (tmp_path / "audit" / "model").iterdir()] == [whole]  # built again


def test_cached_arrays_refuse_python_objects(tmp_path, monkeypatch) -> None:
    import numpy as np

    from audit.cache import cached_arrays

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(TypeError, match="Python objects"):
        cached_arrays("model", "v1", lambda: {"rows": np.array([{"a": 1}], dtype=object)})


def test_package_version_reads_the_dist_info_without_importlib_metadata() -> None:
    import subprocess
    import sys

    script = ("import sys; from audit.cache import package_version as v; "
              "print(v('pyspellchecker', 'spellchecker'), v('py3langid'), v('click'), "
              "'importlib.metadata' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=60)
    from importlib.metadata import version

    expected = f"{version('pyspellchecker')} {version('py3langid')} {version('click')} False"
    assert proc.stdout.decode().strip() == expected, proc.stderr.decode()


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
