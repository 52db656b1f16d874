"""Reference mode: word alignment and grading, document alignment, scores, several references, mining."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from audit.alignment import diverge, tokenize
from audit.api import run_audit
from audit.inputs.docalign import align_document, split_sentences
from audit.mining import mine_substitutions, to_lexicon_tsv
from audit.scores import parse_metrics
from conftest import CLEAN, SEED
from test_cli import assert_one_line_error, run


def seed_with_reference() -> pd.DataFrame:
    targets = SEED.read_text(encoding="utf-8").splitlines()
    references = align_document(targets, CLEAN.read_text(encoding="utf-8")).references
    return run_audit(targets, references=[r or "" for r in references], src_lang="fr", tgt_lang="en").findings


def test_seed_with_its_reference_names_the_known_mistranslations() -> None:
    findings = seed_with_reference()
    rows = {row.phrase: row for row in findings.itertuples() if "RF001" in row.rule.split("+")}
    for phrase, reference in (("diet", "regime"), ("inmates", "injured")):
        row = rows[phrase]
        assert row.severity == "major" and row.category == "accuracy/mistranslation"
        assert reference in row.evidence  # the reference's phrase is quoted as evidence
        assert "LX001" in row.rule  # the lexicon found it too: one row, both rules
        assert row.confidence > 0.8  # above either alone (0.5 lexicon without source, 0.6 alignment)


def test_offsets_slice_the_phrase_for_every_divergence() -> None:
    findings = seed_with_reference()
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for row in findings.itertuples():
        assert lines[row.line - 1][row.start:row.end] == row.phrase


@pytest.mark.parametrize(("mt", "ref", "kind", "phrase", "suggestion"), [
    ("Get rid of the diet now, he said.", "Get rid of the regime now, he said.", "substitution", "diet", "regime"),
    ("He said the regime was ending.", "He said the regime was not ending.", "omission", "", "not"),
    ("The plan costs 3 billion euros this year.", "The plan costs 5 billion euros this year.", "substitution", "3", "5"),
])
def test_divergence_kinds(mt: str, ref: str, kind: str, phrase: str, suggestion: str) -> None:
    (d,) = diverge(mt, ref, "en")
    assert (d.kind, mt[d.start:d.end], d.ref_phrase) == (kind, phrase, suggestion)


def test_identical_and_recased_sentences_do_not_diverge() -> None:
    assert diverge("The regime is ending.", "The regime is ending.") == []
    assert diverge("THE REGIME is ending", "The regime is ending.") == []


def test_tokenizer_keeps_grouped_numbers_whole() -> None:
    assert [t.text for t in tokenize("About 1,700 fields, 3.5 km.")] == ["About", "1,700", "fields", ",", "3.5", "km", "."]


def test_document_alignment_pairs_the_seed_with_its_rendering() -> None:
    targets = SEED.read_text(encoding="utf-8").splitlines()
    aligned = align_document(targets, CLEAN.read_text(encoding="utf-8"))
    by_line = dict(zip(targets, aligned.references))
    assert by_line["“Get rid of the diet”"] == '"Get rid of the regime"'
    assert by_line["Published on: Amended:"] is None  # page furniture has no counterpart
    assert by_line["Comments are closed."] is None
    assert aligned.target_unaligned == 2
    assert all(ref is None for t, ref in by_line.items() if not t.strip())


def test_document_alignment_merges_two_sentences_into_one_segment() -> None:
    targets = ["The regime is ending. People are angry.", "Ablyazov lives in France."]
    aligned = align_document(targets, "The regime is coming to an end.\nPeople are furious.\nAblyazov lives in France.")
    assert aligned.references == ["The regime is coming to an end. People are furious.", "Ablyazov lives in France."]
    assert (aligned.target_unaligned, aligned.reference_unaligned) == (0, 0)


def test_sentence_split_keeps_abbreviation_free_lines() -> None:
    assert split_sentences("One. Two!\n\nThree") == ["One.", "Two!", "Three"]


def test_several_references_agreeing_with_the_mt_silence_a_divergence() -> None:
    mt = ["Kazakhstan has been shaken by its worst protests in decades."]
    one = run_audit(mt, references=["Kazakhstan has been shaken by its worst floods in decades."], tgt_lang="en")
    assert "protests" in set(one.findings["phrase"])
    two = run_audit(mt, references=["Kazakhstan has been shaken by its worst floods in decades."], tgt_lang="en",
                    more_references=[["Kazakhstan has been shaken by its worst protests in decades."]])
    assert "protests" not in set(two.findings["phrase"])


def test_check_with_ref_doc_writes_scores_table_and_signatures(tmp_path) -> None:
    out = tmp_path / "seed.csv"
    proc = run("check", str(SEED), "--src-lang", "fr", "--ref-doc", str(CLEAN), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    findings = pd.read_csv(out, keep_default_na=False)
    assert list(findings.columns)[:11] == ["file", "line", "start", "end", "phrase", "rule", "category", "severity",
                                           "suggestion", "evidence", "confidence"]  # schema unchanged
    scores = pd.read_csv(tmp_path / "seed.csv.segments.csv")
    assert list(scores.columns) == ["file", "line", "id", "references", "bleu", "chrf", "ter"]
    assert len(scores) == 24 and scores["chrf"].between(0, 100).all()
    meta = json.loads((tmp_path / "seed.csv.meta.json").read_text())
    assert meta["scores"]["chrf"]["signature"].startswith("nrefs:1|")
    assert meta["reference_alignment"] == {"target_unaligned": 2, "reference_unaligned": 1}
    assert meta["options"]["ref_doc"] == str(CLEAN)


def test_check_with_two_refs_and_chosen_scores(tmp_path) -> None:
    mt, ref1, ref2 = (tmp_path / n for n in ("mt.txt", "r1.txt", "r2.txt"))
    mt.write_text("The court did not confirm the sentence.\nHe said the vote is in the spring.\n")
    ref1.write_text("The court confirmed the sentence.\nHe said the vote is in the autumn.\n")
    ref2.write_text("The court upheld the sentence.\nHe said the vote is in the spring.\n")
    out = tmp_path / "r.csv"
    proc = run("check", str(mt), "--ref", str(ref1), "--ref", str(ref2), "--scores", "chrf", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    findings = pd.read_csv(out, keep_default_na=False)
    assert list(findings["rule"]) == ["RF004"]  # the second reference agrees about "spring"
    scores = pd.read_csv(tmp_path / "r.csv.segments.csv")
    assert scores["references"].tolist() == [2, 2] and scores["bleu"].isna().all()
    # a later run without references leaves no stale scores table behind
    assert run("check", str(mt), "-o", str(out)).returncode == 0
    assert not (tmp_path / "r.csv.segments.csv").exists()


@pytest.mark.parametrize("args, needle", [
    (["--ref", "REF", "--ref-doc", "REF"], "not both"),
    (["--scores", "bleu,meteor"], "unknown score 'meteor'"),
    (["--ref", "SHORT"], "line-aligned"),
])
def test_reference_usage_errors(tmp_path, args: list[str], needle: str) -> None:
    mt = tmp_path / "mt.txt"
    mt.write_text("One line.\nTwo lines.\n")
    (tmp_path / "REF").write_text("One line.\nTwo lines.\n")
    (tmp_path / "SHORT").write_text("One line.\n")
    args = [str(tmp_path / a) if a in ("REF", "SHORT") else a for a in args]
    assert_one_line_error(run("check", str(mt), *args, "-o", str(tmp_path / "o.csv")), needle)
    assert not (tmp_path / "o.csv").exists()


def test_mine_turns_repeated_substitutions_into_lexicon_rows(tmp_path) -> None:
    hyps = ["The diet of the country was shaken by the protests.", "The diet fell today.",
            "They want the diet to go.", "He is here.", "She was there.", "It rained."]
    refs = ["The regime of the country was shaken by the protests.", "The regime fell today.",
            "They want the regime to go.", "He is here.", "She was there.", "It rained."]
    sources = ["Le régime du pays a été ébranlé par les manifestations.", "Le régime est tombé aujourd'hui.",
               "Ils veulent que le régime parte.", "Il est là.", "Elle était là.", "Il a plu."]
    (candidate,) = mine_substitutions(hyps, refs, sources, "en", min_count=2)
    assert (candidate.wrong, candidate.intended, candidate.count) == ("diet", "regime", 3)
    text = to_lexicon_tsv([candidate], "fr", "en", sources)
    rows = pd.read_csv(pd.io.common.StringIO(text), sep="\t", comment="#", keep_default_na=False)
    assert rows.loc[0, "wrong"] == "diet" and rows.loc[0, "count"] == 3
    assert "régime" in rows.loc[0, "source_triggers"].split("|")
    assert rows.loc[0, "pass_example"] == "The regime of the country was shaken by the protests."
    assert "le" not in rows.loc[0, "source_triggers"].split("|")  # common to every source: no cue


def test_mine_command_writes_a_file(tmp_path) -> None:
    (tmp_path / "h.txt").write_text("The diet fell today.\nThe diet fell again today.\n")
    (tmp_path / "r.txt").write_text("The regime fell today.\nThe regime fell again today.\n")
    proc = run("mine", "--hyp", str(tmp_path / "h.txt"), "--ref", str(tmp_path / "r.txt"), "--tgt-lang", "en",
               "-o", str(tmp_path / "m.tsv"))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "diet\tregime" in (tmp_path / "m.tsv").read_text()


def test_parse_metrics() -> None:
    assert parse_metrics("chrf, bleu") == ("chrf", "bleu")
    assert parse_metrics("none") == ()


def test_scores_equal_sacrebleus_own_sentence_and_corpus_scores() -> None:
    from sacrebleu.metrics import BLEU, CHRF, TER

    from audit.scores import score
    from audit.segments import build_segments

    hyps = ["The regime is coming to an end, he said.", "Dozens dead and hundreds of inmates.", "Hello."]
    refs = ["The regime is ending, he said.", "Dozens dead and hundreds injured.", "Hi there."]
    more = ["He said the regime was over.", "Dozens killed and hundreds wounded.", "Hello."]
    frame, corpus = score(build_segments(hyps, None, refs, more_references=[more]))
    for k, (h, r, m) in enumerate(zip(hyps, refs, more)):
        assert frame.loc[k, "bleu"] == round(BLEU(effective_order=True).sentence_score(h, [r, m]).score, 4)
        assert frame.loc[k, "chrf"] == round(CHRF().sentence_score(h, [r, m]).score, 4)
        assert frame.loc[k, "ter"] == round(TER().sentence_score(h, [r, m]).score, 4)
    assert corpus["ter"]["score"] == round(TER().corpus_score(hyps, [refs, more]).score, 4)
    bleu = BLEU()
    assert corpus["bleu"]["score"] == round(bleu.corpus_score(hyps, [refs, more]).score, 4)
    assert corpus["bleu"]["signature"] == str(bleu.get_signature())


def test_scores_in_parallel_equal_scores_in_one_process() -> None:
    from audit.scores import PARALLEL_MIN_PAIRS, score
    from audit.segments import build_segments

    lines = SEED.read_text(encoding="utf-8").splitlines()
    clean = CLEAN.read_text(encoding="utf-8").splitlines()
    n = PARALLEL_MIN_PAIRS + 50
    hyps = [lines[k % len(lines)] + f" {k}" for k in range(n)]
    refs = [clean[k % len(clean)] + f" {k}" for k in range(n)]
    segments = build_segments(hyps, None, refs)
    one, corpus_one = score(segments, jobs=1)
    two, corpus_two = score(segments, jobs=2)
    pd.testing.assert_frame_equal(one, two)
    assert corpus_one == corpus_two


def test_scoring_leaves_no_tokenized_lines_cached() -> None:
    """sacrebleu memoizes tokenized lines (65,536 per tokenizer); a long run must not keep them."""
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    from audit.scores import score_rows

    rows = [("f", k, str(k), f"The regime fell on day {k}.", [f"The regime ended on day {k}."]) for k in range(50)]
    part = score_rows((rows, ("bleu", "chrf", "ter"), 1))
    assert len(part.sentence["bleu"]) == 50 and part.sentence["bleu"][0] > 0
    assert Tokenizer13a.__call__.cache_info().currsize == 0


def test_thesaurus_from_the_user_cache_equals_the_parsed_file(tmp_path, monkeypatch) -> None:
    from audit.alignment import read_thesaurus, thesaurus
    from audit.corpora import corpora_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    thesaurus.cache_clear()
    try:
        first = thesaurus("en")  # parses and stores
        thesaurus.cache_clear()
        second = thesaurus("en")  # reads back
    finally:
        thesaurus.cache_clear()
    assert len(list((tmp_path / "audit" / "thesaurus-en").glob("*.pickle"))) == 1
    parsed = read_thesaurus(corpora_dir() / "thesaurus" / "en_synonyms.txt")
    assert first == second == parsed and len(parsed.groups) > 10_000
    assert thesaurus("xx").groups == {}  # a language without a list


# --- triangulation: the source judges where the MT and the reference differ (issue 15, item 4) -------------

needs_de_en = pytest.mark.skipif(
    not __import__("audit.bilingual.triangulate", fromlist=["x"]).can_triangulate("de", "en"),
    reason="the FreeDict de-en dictionaries are not installed")
DOCTOR_DE = "Der Arzt untersuchte den Patienten gestern sehr sorgfältig."


def _judged(mt: str, reference: str, source: str):
    from audit.bilingual.triangulate import judge

    d = next(d for d in diverge(mt, reference, "en") if d.reason == "word choice")
    return judge(source, mt, reference, "de", "en", (d.start, d.end), (d.ref_start, d.ref_end))


def test_a_divergence_knows_its_place_in_the_reference() -> None:
    reference = "The doctor checked the patient very carefully yesterday."
    (d,) = diverge("The doctor examined the patient very carefully yesterday.", reference, "en")
    assert reference[d.ref_start:d.ref_end] == d.ref_phrase == "checked"


@needs_de_en
def test_a_dictionary_translation_of_the_source_word_is_a_paraphrase() -> None:
    verdict = _judged("The doctor examined the patient very carefully yesterday.",
                      "The doctor checked the patient very carefully yesterday.", DOCTOR_DE)
    assert verdict.kind == "paraphrase" and "untersuchte" in verdict.source_words


@needs_de_en
def test_a_source_word_only_the_reference_renders_confirms_the_divergence() -> None:
    verdict = _judged("The doctor treated the patient very carefully yesterday.",
                      "The doctor examined the patient very carefully yesterday.", DOCTOR_DE)
    assert verdict.kind == "confirmed" and verdict.source_words == ("untersuchte",)


@needs_de_en
def test_a_confirmed_divergence_is_more_confident_and_says_why() -> None:
    findings = run_audit(["The old house near the lake was sold in the spring."],
                         sources=["Das alte Haus am Fluss wurde im Frühling verkauft."],
                         references=["The old house near the river was sold in the spring."],
                         src_lang="de", tgt_lang="en").findings
    (row,) = findings.itertuples()
    assert (row.rule, row.phrase, row.severity, row.confidence) == ("RF001", "lake", "major", 0.75)
    assert "“Fluss” is rendered by the reference, not by the MT" in row.evidence


@needs_de_en
def test_words_that_render_nothing_of_a_source_the_mt_renders_are_an_addition() -> None:
    from audit.bilingual.triangulate import judge

    source = "Der Arzt untersuchte den Patienten gestern sehr gründlich."
    mt = "The doctor examined the patient very thoroughly and kindly yesterday."
    reference = "The doctor examined the patient very thoroughly yesterday."
    (d,) = diverge(mt, reference, "en")
    verdict = judge(source, mt, reference, "de", "en", (d.start, d.end), (d.ref_start, d.ref_end))
    assert (d.kind, verdict.kind) == ("addition", "added")
    half = "Der Arzt untersuchte den Patienten gestern sehr gründlich, bevor er ihm ein neues Medikament verschrieb."
    assert judge(half, mt, reference, "de", "en", (d.start, d.end), (d.ref_start, d.ref_end)) is None


@needs_de_en
def test_a_paraphrase_is_minor_and_reported_with_ref_minor() -> None:
    from audit.engine.run import audit_segments
    from audit.engine.settings import RunSettings
    from audit.segments import build_segments

    segments = build_segments(["The doctor examined the patient very carefully yesterday."], [DOCTOR_DE],
                              ["The doctor checked the patient very carefully yesterday."], file="x",
                              src_lang="de", tgt_lang="en")
    (row,) = audit_segments(segments, RunSettings(ref_minor=True)).itertuples()
    assert (row.rule, row.severity) == ("RF001", "minor")
    assert "paraphrase: both render the source's “untersuchte”" in row.evidence


def test_without_a_dictionary_for_the_pair_the_source_changes_nothing() -> None:
    """Korean has no FreeDict dictionary into English: the findings are those of the run without a source."""
    mt, ref = "The doctor examined the patient very carefully yesterday.", "The doctor checked the patient very carefully yesterday."
    without = run_audit([mt], references=[ref], src_lang="ko", tgt_lang="en").findings
    with_source = run_audit([mt], sources=["의사는 어제 환자를 매우 주의 깊게 진찰했다."], references=[ref],
                            src_lang="ko", tgt_lang="en").findings
    columns = ["rule", "phrase", "severity", "evidence", "confidence"]
    rf = lambda f: f[f["rule"].str.contains("RF")][columns].reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(rf(without), rf(with_source))
    assert list(rf(without)["severity"]) == ["major"]


def test_without_dictionaries_installed_the_source_changes_nothing(monkeypatch) -> None:
    from audit.bilingual import dictionary

    monkeypatch.setattr(dictionary, "find_dict_files", lambda dirs=None: {})
    dictionary.bilingual_dictionary.cache_clear()
    try:
        findings = run_audit(["The doctor examined the patient very carefully yesterday."], sources=[DOCTOR_DE],
                             references=["The doctor checked the patient very carefully yesterday."],
                             src_lang="de", tgt_lang="en").findings
    finally:
        dictionary.bilingual_dictionary.cache_clear()
    rows = findings[findings["rule"] == "RF001"]
    assert list(rows["severity"]) == ["major"] and list(rows["evidence"]) == ["word choice: the reference has “checked”"]


def test_default_scores_are_bleu_and_chrf_and_ter_is_asked_for(tmp_path) -> None:
    """TER costs ~17x BLEU and chrF together (BENCHMARKS.md): it is computed when `--scores` names it."""
    from audit.engine.settings import RunSettings, settle

    assert parse_metrics(None) == ("bleu", "chrf") == settle().metrics == RunSettings().metrics
    mt, ref = tmp_path / "mt.txt", tmp_path / "ref.txt"
    mt.write_text("Get rid of the diet.\nThe minister said so.\n")
    ref.write_text("Get rid of the regime.\nThe minister said so.\n")
    for extra, wanted in (((), ["bleu", "chrf"]), (("--scores", "bleu,chrf,ter"), ["bleu", "chrf", "ter"])):
        out = tmp_path / f"r{len(extra)}.csv"
        proc = run("check", str(mt), "--ref", str(ref), "--src-lang", "fr", "--tgt-lang", "en", "-o", str(out), *extra)
        assert proc.returncode == 0, proc.stderr.decode()
        meta = json.loads((tmp_path / f"{out.name}.meta.json").read_text())
        assert sorted(meta["scores"]) == sorted(wanted) and meta["options"]["scores"] == ",".join(wanted)
        scores = pd.read_csv(tmp_path / f"{out.name}.segments.csv")
        assert scores["ter"].notna().all() == ("ter" in wanted)
    assert "[default: bleu,chrf]" in run("check", "--help").stdout.decode()


def test_a_number_prefix_is_no_number_against_the_reference() -> None:
    """"bi-monthly" against "every 2 weeks" is a number divergence: the source-side prefix table is
    NU001's alone (a source that says "bi-localisée" may be rendered "two")."""
    divergences = diverge("The committee meets bi-monthly to review the budget.",
                          "The committee meets every 2 weeks to review the budget.", "en")
    assert [(d.severity, d.reason) for d in divergences] == [("major", "number")]
