"""Every lexicon entry flags its own example and stays quiet on its own counter-example."""

from __future__ import annotations

import pytest

from audit.api import run_audit
from audit.detectors.lexicon import CONFIDENCE_WITH_SOURCE, fold, load_lexicons

ENTRIES = load_lexicons()


def entry_findings(entry, target: str, source: str | None = None):
    result = run_audit([target], [source] if source is not None else None, None, entry.src, entry.tgt)
    findings = result.findings
    return findings[findings["evidence"].str.contains(f"{entry.pair}:{entry.id} ", regex=False)]


def first_trigger_word(entry) -> str:
    return entry.source_triggers.pattern.split("(?:", 1)[1].split("|")[0].split("\\w*")[0].split("(?!")[0].replace("\\", "")


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.pair}:{e.id}" for e in ENTRIES])
def test_entry_flags_its_example(entry) -> None:
    found = entry_findings(entry, entry.flag_example)
    assert len(found) >= 1, f"{entry.id} missed: {entry.flag_example}"
    for row in found.itertuples():
        assert entry.flag_example[row.start:row.end] == row.phrase
        assert row.severity == entry.severity


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.pair}:{e.id}" for e in ENTRIES])
def test_entry_passes_its_counter_example(entry) -> None:
    assert entry_findings(entry, entry.pass_example).empty, entry.pass_example


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.pair}:{e.id}" for e in ENTRIES])
def test_entry_needs_its_source_trigger(entry) -> None:
    trigger = first_trigger_word(entry)
    with_trigger = entry_findings(entry, entry.flag_example, f"Il a dit : {trigger} .")
    assert len(with_trigger) >= 1
    assert (with_trigger["confidence"] >= CONFIDENCE_WITH_SOURCE).all()
    assert entry_findings(entry, entry.flag_example, "Rien à voir avec la phrase.").empty


def without_context_cues(entry, text: str) -> str:
    """The text with every `require` cue outside the flagged phrase blanked out (same length), except words
    the `wrong` pattern itself needs around the phrase (its look-ahead is the entry's own context)."""
    if entry.require is None:
        return text
    folded = fold(text)
    assert len(folded) == len(text)  # the examples fold letter for letter
    flagged = entry.wrong.search(text)
    for cue in entry.require.finditer(folded):
        if cue.end() <= flagged.start() or cue.start() >= flagged.end():
            blanked = text[:cue.start()] + "x" * (cue.end() - cue.start()) + text[cue.end():]
            if entry.wrong.search(blanked):
                text = blanked
    return text


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.pair}:{e.id}" for e in ENTRIES])
def test_entry_fires_without_context_cues_when_the_source_has_its_trigger(entry) -> None:
    """With the source given, the trigger stands in for the context cues: the flag example with its cue words
    blanked out is flagged when the source holds the trigger, and not without it."""
    bare = without_context_cues(entry, entry.flag_example)
    found = entry_findings(entry, bare, f"{first_trigger_word(entry)}.")
    assert len(found) >= 1, bare
    assert entry_findings(entry, bare, "Rien à voir.").empty


def test_lexicons_have_enough_entries_per_pair() -> None:
    pairs: dict[str, int] = {}
    for entry in ENTRIES:
        pairs[entry.pair] = pairs.get(entry.pair, 0) + 1
    for pair in ("fr-en", "es-en", "de-en", "it-en", "pt-en", "en-fr", "en-es", "en-de"):
        assert pairs.get(pair, 0) >= 40, pair
    for pair in ("en-it", "en-pt", "en-nl", "nl-en", "fr-de", "de-fr", "fr-es", "es-fr", "es-it", "it-es", "es-pt", "pt-es"):
        assert pairs.get(pair, 0) >= 60, pair  # the pairs LanguageTool's false-friend rules and newsrooms ask for
    ids = [(e.pair, e.id) for e in ENTRIES]
    assert len(ids) == len(set(ids))



def test_candidate_finder_picks_the_entries_the_prefilters_let_through() -> None:
    """The per-segment candidate look-up (words remembered, literals tested inline) keeps exactly the
    entries that `word_openings`, `cue_index` and `may_match` let through, in the same order."""
    from audit.detectors.lexicon import candidate_finder, cue_index, entries_for, may_match, word_openings

    for pair in sorted({(e.src, e.tgt) for e in ENTRIES}):
        entries, (always, by_cue) = entries_for(*pair), cue_index(*pair)
        finder = candidate_finder(*pair)
        texts = [t for e in ENTRIES for t in (e.flag_example, e.pass_example) if t and e.tgt == pair[1]]
        for text in texts + [t.upper() for t in texts] + [t.title() for t in texts]:
            cued = set(always).union(*(by_cue.get(o, ()) for o in word_openings(text)))
            expected = [k for k in sorted(cued) if may_match(entries[k], text.lower())]
            assert finder.candidates(text) == expected, (pair, text)

# User lexicons (issue 16, item 3): --lexicon FILE and `lexicons = [...]` in the configuration.
USER_HEADER = "id\tsrc\ttgt\twrong\tintended\tsource_triggers\trequire\tforbid\tseverity\tnote\tflag_example\tpass_example\n"
USER_ENTRY = ("patron-boss\tfr\ten\tbosses\temployers\tpatron*\t\t\tminor\tpatrons in labour news are employers\t"
              "The bosses met the unions.\tThe employers met the unions.\n")


def user_case(tmp_path, lexicon: str, *args: str):
    import json

    from test_cli import run

    (tmp_path / "mt.txt").write_text("The minister denounced the bosses of the unions.\n", encoding="utf-8")
    (tmp_path / "src.txt").write_text("Le ministre a dénoncé les patrons des syndicats.\n", encoding="utf-8")
    (tmp_path / "my.tsv").write_text(lexicon, encoding="utf-8")
    proc = run("check", "mt.txt", "--src", "src.txt", "-o", "r.csv", *args, cwd=tmp_path)
    report = (tmp_path / "r.csv").read_text(encoding="utf-8") if (tmp_path / "r.csv").exists() else ""
    meta = json.loads((tmp_path / "r.csv.meta.json").read_text()) if (tmp_path / "r.csv.meta.json").exists() else {}
    return proc, report, meta


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_user_lexicon_adds_its_entries(tmp_path, jobs: str) -> None:
    proc, report, meta = user_case(tmp_path, USER_HEADER + USER_ENTRY, "--lexicon", "my.tsv", "--jobs", jobs)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "bosses,LX001,accuracy/mistranslation,minor,employers" in report
    assert meta["options"]["lexicons"] == ["my.tsv"]
    (tmp_path / "without").mkdir()
    _, plain, plain_meta = user_case(tmp_path / "without", USER_HEADER)  # a lexicon with no entry
    assert "LX001" not in plain and plain_meta["ruleset_hash"] != meta["ruleset_hash"]


def test_lexicons_from_the_configuration_file(tmp_path) -> None:
    (tmp_path / "audit.toml").write_text('lexicons = ["my.tsv"]\n', encoding="utf-8")
    proc, report, _ = user_case(tmp_path, USER_HEADER + USER_ENTRY)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "bosses,LX001" in report


@pytest.mark.parametrize("lexicon, needle", [
    (USER_HEADER + USER_ENTRY.replace("\tbosses\t", "\tbo(sses\t"), "my.tsv:2: 'wrong' is not a valid regular expression"),
    ("id\tsrc\twrong\nx\tfr\tboss\n", "my.tsv:1: the header lacks tgt"),
    (USER_HEADER + USER_ENTRY.replace("\tminor\t", "\tsevere\t"), "my.tsv:2: severity 'severe'"),
    (USER_HEADER + USER_ENTRY.replace("\tfr\ten\t", "\tfrench\ten\t"), "my.tsv:2: src 'french' names no language"),
    (USER_HEADER + USER_ENTRY + USER_ENTRY, "my.tsv:3: entry id 'patron-boss' repeats"),
    (USER_HEADER + USER_ENTRY.rstrip("\n") + "\textra\textra\n", "my.tsv:2: 14 fields"),
    (USER_HEADER + USER_ENTRY.replace("The bosses met", "The chiefs met"), "my.tsv:2: the flag_example does not"),
    (USER_HEADER + "\n# a comment\n" + USER_ENTRY.replace("patron-boss\t", "\t"), "my.tsv:4: empty id"),
    ("", "my.tsv: an empty lexicon"),
])
def test_a_malformed_user_lexicon_is_one_line_naming_file_and_line(tmp_path, lexicon: str, needle: str) -> None:
    from test_cli import assert_one_line_error

    proc, _, _ = user_case(tmp_path, lexicon, "--lexicon", "my.tsv")
    assert_one_line_error(proc, needle)
