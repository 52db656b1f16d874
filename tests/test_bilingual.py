"""The bilingual layer: dictd reading, the pair index, `audit dicts`, and what is said when a pair has none.

The dictionaries here are made up in a temporary folder (a few words of our own); FreeDict data is never
copied into the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from simplemma.strategies import DefaultStrategy

from audit.bilingual import dictionary
from audit.bilingual import lemmas as lemmas_module
from audit.bilingual.dictionary import find_dict_files, parse_dict_file, translation_phrases
from audit.bilingual.lexical import align, number_readings
from audit.bilingual.markers import is_negated, quantities, verbal_negations
from audit.cli import cli

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(value: int) -> str:
    digits = ""
    while True:
        digits = _B64[value % 64] + digits
        value //= 64
        if not value:
            return digits


def write_dictd(folder: Path, name: str, entries: dict[str, str]) -> None:
    """A dictd pair of files (uncompressed .dict) with one entry per headword."""
    data, index = b"", []
    for head, body in entries.items():
        blob = f"{head} /x/ <n>\n{body}\n".encode()
        index.append(f"{head}\t{_b64(len(data))}\t{_b64(len(blob))}")
        data += blob
    (folder / f"freedict-{name}.dict").write_bytes(data)
    (folder / f"freedict-{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")


@pytest.fixture
def toy_dicts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_dictd(tmp_path, "fra-eng", {"déception": "disappointment", "voiture": "1. car\n2. carriage <n>"})
    write_dictd(tmp_path, "eng-fra", {"deception": "tromperie", "car": "voiture"})
    monkeypatch.setenv("AUDIT_DICT_PATH", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(dictionary, "SYSTEM_DIR", tmp_path / "none")
    dictionary.bilingual_dictionary.cache_clear()
    yield tmp_path
    dictionary.bilingual_dictionary.cache_clear()


def test_translation_phrases_drop_grammar_and_cross_references() -> None:
    entry = 'go /ɡəʊ/ <v>\n1. aller <v> [fam.], se déplacer\n   Synonym: {move}\n see: {going}\n      "Go!" - Vas-y !\n'
    assert translation_phrases(entry) == ["aller", "se déplacer"]


def test_translation_phrases_of_the_pol_eng_eng_pol_and_eng_hin_layouts() -> None:
    glossed = "dom /dɔm/ <n>\n1. house, home 2.\n(architektura) oddzielny budynek mieszkalny\n 3.\n2. home 2.\nmiejsce\n"
    assert translation_phrases(glossed, glossed=True) == ["house", "home", "home"]
    assert translation_phrases("woda <n>\nwater\nbezbarwna ciecz\n", glossed=True) == ["water"]
    numbered = "house\nI.  <N> 1.  budynek, dom\n 2.  wydawnictwo\nII.  <V> 1.  mieścić\n - mieszkać\n"
    assert translation_phrases(numbered) == ["budynek", "dom", "wydawnictwo", "mieścić", "mieszkać"]
    assert translation_phrases("water <VTI>\n1. सींचना\n2. पानी~आना\n") == ["सींचना", "पानी आना"]


def test_a_dictionary_given_one_way_serves_the_other_way(toy_dicts: Path) -> None:
    """Russian has only FreeDict's eng-rus: ru→en is that file read backwards."""
    write_dictd(toy_dicts, "eng-rus", {"house": "дом", "not": "не"})
    russian = dictionary.bilingual_dictionary("ru", "en")
    assert russian.source_translations("дом") == {"house"} and russian.target_translations("house") == {"дом"}


def test_files_are_found_by_iso_639_1_pair(toy_dicts: Path) -> None:
    found = find_dict_files([toy_dicts])
    assert set(found) == {("fr", "en"), ("en", "fr")}
    entries = parse_dict_file(found[("fr", "en")])
    assert entries["voiture"] >= {"car", "carriage"}


def test_pair_index_reads_both_directions_and_is_cached(toy_dicts: Path) -> None:
    pair = dictionary.bilingual_dictionary("fr", "en")
    assert "disappointment" in pair.source_translations("déception")
    assert "voiture" in pair.target_translations("car")  # from the en→fr file and the fr→en file read backwards
    assert list((toy_dicts / "cache" / "audit" / "freedict").glob("en-fr/*.sqlite"))
    assert dictionary.bilingual_dictionary("en", "fr").source_translations("car") >= {"voiture"}
    assert pair.knows_target("carriage") and not pair.knows_target("carpet")


def test_pair_index_in_memory_when_the_cache_cannot_be_written(toy_dicts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (toy_dicts / "not-a-dir").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(toy_dicts / "not-a-dir"))
    pair = dictionary.bilingual_dictionary("en", "fr")
    assert "voiture" in pair.source_translations("car")
    assert pair.knows_source("deception") and pair.headwords >= 2


def test_damaged_pair_index_is_built_again(toy_dicts: Path) -> None:
    dictionary.bilingual_dictionary("en", "fr").headwords
    [index] = (toy_dicts / "cache" / "audit" / "freedict").glob("en-fr/*.sqlite")
    index.write_bytes(b"not a database")
    dictionary.bilingual_dictionary.cache_clear()
    assert "voiture" in dictionary.bilingual_dictionary("en", "fr").source_translations("car")  # in memory
    dictionary.bilingual_dictionary.cache_clear()
    assert "voiture" in dictionary.bilingual_dictionary("en", "fr").source_translations("car")
    assert index.read_bytes()[:15] == b"SQLite format 3"


def test_stored_lemmas_are_simplemma_lemmas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import simplemma
    from audit.bilingual.lemmas import StoredDictionaryFactory

    monkeypatch.setattr(lemmas_module, "SUPPORTED_LANGUAGES", frozenset({"en"}))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lemmatizer = simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=StoredDictionaryFactory()))
    words = ["houses", "bought", "Better", "running", "wasn't", "xyzzy"]
    assert [lemmatizer.lemmatize(w, "en") for w in words] == [simplemma.lemmatize(w, lang="en") for w in words]
    assert list(tmp_path.glob("audit/simplemma/en/*.sqlite"))
    with pytest.raises(ValueError):
        lemmatizer.lemmatize("Häuser", "de")


def test_false_friend_with_toy_dictionaries(toy_dicts: Path) -> None:
    from audit.detectors.bilingual import find_false_friends
    from audit.segments import Segment

    segment = Segment("x", 1, "His deception was great.", "Sa déception était grande.")
    # a spelling equal but for accents is judged only with a large dictionary
    assert list(find_false_friends(segment, "fr", "en")) == []
    alignment = align("Sa voiture est rouge.", "His car is red.", "fr", "en")
    assert any(alignment.source[link.source].text == "voiture" and link.evidence == "dictionary" for link in alignment.links)


def _antonyms(source: str, target: str) -> list[tuple[str, str, str]]:
    from audit.alignment import thesaurus
    from audit.bilingual.antonyms import opposite_words
    from audit.bilingual.lexical import cached_alignment

    cached_alignment.cache_clear()
    found = opposite_words(source, target, "fr", "en", thesaurus("en").antonyms)
    return [(f.source_word, f.meaning, f.target_word) for f in found]


def test_antonym_read_with_the_pair_dictionary(toy_dicts: Path) -> None:
    write_dictd(toy_dicts, "fra-eng", {"voiture": "car", "rapide": "fast", "ancienne": "old", "est": "is"})
    dictionary.bilingual_dictionary.cache_clear()
    assert _antonyms("La voiture ancienne est rapide.", "The old car is slow.") == [("rapide", "fast", "slow")]
    assert _antonyms("La voiture ancienne est rapide.", "The old car is fast.") == []


def test_antonym_check_aligns_no_pair_its_word_tests_rule_out(toy_dicts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: a pair whose only reading fails a test that needs no alignment (a negation beside the
    source word) is not aligned; one that passes them is."""
    from audit.bilingual import antonyms, lexical

    write_dictd(toy_dicts, "fra-eng", {"voiture": "car", "rapide": "fast", "ancienne": "old", "est": "is"})
    dictionary.bilingual_dictionary.cache_clear()
    aligned = []
    monkeypatch.setattr(antonyms, "cached_alignment", lambda *pair: aligned.append(pair) or lexical.align(*pair))
    assert _antonyms("La voiture ancienne n'est pas rapide.", "The old car is slow.") == []
    assert aligned == []
    assert _antonyms("La voiture ancienne est rapide.", "The old car is slow.") == [("rapide", "fast", "slow")]
    assert len(aligned) == 1


def test_no_antonym_without_a_dictionary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDIT_DICT_PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(dictionary, "SYSTEM_DIR", tmp_path / "none")
    dictionary.bilingual_dictionary.cache_clear()
    try:
        assert _antonyms("La voiture ancienne est rapide.", "The old car is slow.") == []
    finally:
        dictionary.bilingual_dictionary.cache_clear()


def test_remembered_words_follow_the_dictionary_and_survive_clearing(toy_dicts: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The alignment remembers what each word gives across segments: never the meanings of a dictionary
    that was replaced, and the same links when the memo is cleared at every word."""
    from audit.bilingual import lexical

    def links(source: str, target: str) -> list[tuple[int, int, str]]:
        return [(link.source, link.target, link.evidence) for link in align(source, target, "fr", "en").links]

    pair = ("Sa voiture est rouge.", "His car is red.")
    assert (1, 1, "dictionary") in links(*pair)
    monkeypatch.setattr(lexical, "_WORD_KEYS_LIMIT", 1)
    assert (1, 1, "dictionary") in links(*pair)
    other = toy_dicts / "other"
    other.mkdir()
    write_dictd(other, "fra-eng", {"voiture": "automobile"})
    monkeypatch.setenv("AUDIT_DICT_PATH", str(other))
    monkeypatch.setattr(lexical, "_WORD_KEYS_LIMIT", 50_000)
    dictionary.bilingual_dictionary.cache_clear()
    assert (1, 1, "dictionary") not in links(*pair)
    assert (1, 1, "dictionary") in links("Sa voiture est rouge.", "His automobile is red.")


def test_audit_dicts_lists_pairs_and_sizes(toy_dicts: Path) -> None:
    result = CliRunner().invoke(cli, ["dicts", "--format", "json"])
    rows = json.loads(result.output)
    assert [row["pair"] for row in rows] == ["en-fr", "fr-en"]
    assert rows[1]["headwords"] == 2


def test_missing_pair_is_named_in_summary_and_meta(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDIT_DICT_PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(dictionary, "SYSTEM_DIR", tmp_path / "none")
    target, source = tmp_path / "t.txt", tmp_path / "s.txt"
    target.write_text("Wir wissen es nicht.\n", encoding="utf-8")
    source.write_text("Nous ne le savons pas.\n", encoding="utf-8")
    report = tmp_path / "r.csv"
    result = CliRunner().invoke(cli, ["check", str(target), "--src", str(source), "--src-lang", "fr",
                                      "--tgt-lang", "de", "-o", str(report), "--jobs", "1"])
    assert "skipped: BL003, BL004" in result.output
    meta = json.loads(Path(f"{report}.meta.json").read_text(encoding="utf-8"))
    assert meta["dictionaries"] == {"pair": "fr-de", "found": [], "skipped": True,
                                    "skipped_rules": ["BL003", "BL004", "BL005"]}


def test_negations_and_scales_from_the_word_lists() -> None:
    assert verbal_negations("I can't wait, I didn't see it", "en") == [(19, 22)]
    assert verbal_negations("Pourquoi pas chez Maurice ?", "fr") == []
    assert is_negated("Je sais plus quoi faire", "fr")
    assert [q.scale for q in quantities("1,2 Milliarden und 5 Mio.", "de")] == [1e9, 1e6]
    assert [q.scale for q in quantities("140 mil millones", "es")] == [1e9]
    assert number_readings("1,2") == {1.2} and number_readings("1.500") == {1.5, 1500.0}


def test_negations_and_scales_of_czech_polish_russian_and_hindi() -> None:
    assert verbal_negations("Nevím, kde bydlí.", "cs") == [(0, 2)]
    assert verbal_negations("Nese tašku a nechal ji doma.", "cs") == []  # nést and nechat open with ne- themselves
    assert verbal_negations("Rząd nie podniesie podatków.", "pl") == [(5, 8)]
    assert verbal_negations("Я не знаю.", "ru") == [(2, 4)]
    assert verbal_negations("मुझे नहीं पता।", "hi") == [(5, 9)]
    assert verbal_negations("Dom ma nie tylko ogród.", "pl") == []
    assert [q.values for q in quantities("3 млрд рублей, 40 tys.", "ru")] == [{3e9}]
    assert [q.values for q in quantities("1,2 mld zł", "pl")] == [{1.2e9}]
    assert [q.values for q in quantities("5 लाख और 2 करोड़ और 3 करो\u095c", "hi")] == [{5e5}, {2e7}, {3e7}]


def test_the_antonym_rule_reads_the_opposites_alone() -> None:
    """BL004 needs WordNet's antonym pairs only: they are the thesaurus's, and a source-only run (no
    reference) never builds the synonym groups (about 50 MB and 0.1 s per process)."""
    import subprocess
    import sys

    from audit.alignment import antonym_pairs, thesaurus

    assert antonym_pairs("en") == thesaurus("en").antonyms and ("increase", "decrease") in antonym_pairs("en")
    probe = ("import audit, audit.alignment as a; "
             "audit.check(['The company reported a large gain.'], sources=['Die Firma meldete einen großen Verlust.'], "
             "src_lang='de', tgt_lang='en'); print(a.thesaurus.cache_info().currsize, a.antonym_pairs.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "1"]


def test_a_contraction_stem_that_is_also_a_word_is_a_word_outside_the_contraction() -> None:
    """"won" is a function word in "won't" (the apostrophe follows it), the past of "win" elsewhere."""
    from audit.bilingual.words import tokenize

    won, _, _ = tokenize("won the race", "en")
    stem = tokenize("they won't come", "en")[1]
    assert (won.text, won.is_content) == ("won", True)
    assert (stem.text, stem.is_function) == ("won", True)
