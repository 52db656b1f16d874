"""audit/detectors/regex_parse.py: our own reading of a pattern's shape, for the lexicon's pre-filters
(it replaced re._parser, a private module). Expected values are what re._parser gave."""

from __future__ import annotations

import re

import pytest

from audit.detectors.lexicon import literal_cues, parse_entry, required_literal
from audit.detectors.regex_parse import (ANY, AT, BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, NOT_LITERAL,
                                         POSSESSIVE_REPEAT, SUBPATTERN, parse)


def framed(wrong: str) -> list[tuple]:
    """The lexicon's frame around a pattern, parsed."""
    return parse(re.compile(r"(?<!\w)(?:" + wrong + r")(?!\w)", re.IGNORECASE).pattern)


@pytest.mark.parametrize("wrong, cues, core", [
    ("actual", ("actu",), "actual"),
    ("actually|actual", ("actu",), "actual"),  # shared leading letters move in front of the branch
    ("(?:law|bill) (?:also )?(?:foresees|foresaw)", ("bill", "law"), "fores"),  # plain groups unpacked
    ("colou?r", ("colo",), "colo"),
    ("(?:the )?end of", ("end", "the"), "end of"),
    ("a|b", (), ""),  # one-character alternatives become a class: no literal opening
    ("[Pp]eitsche", (), "eitsche"),
    ("[x]ylophone", ("xylo",), "xylophone"),  # a one-letter class is a literal
    ("[^x]ylophone", (), "ylophone"),
    (r"\d+ years", (), " years"),
    (r"e\.g\.", (), "e.g."),  # "e." opens with a one-letter word: too short a cue
    (r"\x41bcd", ("abcd",), "abcd"),
    (r"\101bcd", ("abcd",), "abcd"),
    ("(spend)ing", ("spen",), "ing"),  # a capturing group is not unpacked
    ("(?i:spend)ing", ("spen",), "ing"),
    ("spend(?#note)ing", ("spen",), "spending"),
    ("(?=abc)abcd", ("abcd",), "abcd"),  # look-arounds consume nothing
    ("ab?+cd", (), ""),  # a possessive repeat: cannot tell
    ("abc*?d", ("abc", "abd"), ""),
    ("x{2}yz", (), ""),  # "yz": too short a core
    ("x{a}yz", (), "x{a}yz"),  # not a repeat: a literal brace
    ("(?>abc)d", (), ""),
    ("über", (), ""),  # not ASCII
])
def test_cues_and_core_as_pythons_parser_gave_them(wrong: str, cues: tuple[str, ...], core: str) -> None:
    parsed = framed(wrong)
    assert (literal_cues(parsed), required_literal(parsed)) == (cues, core)


def test_items_are_laid_out_as_pythons_parser_lays_them_out() -> None:
    assert parse("ab|ac")[0] == (LITERAL, ord("a")) and parse("ab|ac")[1][0] is IN  # b|c became a class
    assert parse("abc|abd|xy")[0][0] is BRANCH
    assert parse("(?:ab)c") == [(LITERAL, 97), (LITERAL, 98), (LITERAL, 99)]
    assert parse("[^a]") == [(NOT_LITERAL, 97)] and parse(".")[0] == (ANY, None) and parse("^")[0][0] is AT
    assert [parse(p)[0][0] for p in ("a?", "a??", "a?+", "(a)")] == [MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT, SUBPATTERN]
    low, high, inner, _ = parse("(?:ab){2,3}")[0][1]
    assert (low, high, inner) == (2, 3, [(LITERAL, 97), (LITERAL, 98)])  # a repeated plain group holds its items
    assert parse(r"[\]a-c\d-]")[0] == (IN, (("literal", 93), ("range", (97, 99)), ("category", "d"), ("literal", 45)))
    assert parse(r"(a)\1")[1][0].name == "GROUPREF" and parse(r"\0")[0] == (LITERAL, 0)


def test_two_groups_alike_are_not_one_prefix() -> None:
    # Python's parser compares groups by identity: (x)a|(x)b keeps both groups inside the branch
    assert parse("(x)a|(x)b")[0][0] is BRANCH


def test_what_it_does_not_model_gives_no_pre_filter() -> None:
    assert parse("(?x: a b )") is None and parse(r"\N{BULLET}x") is None
    entry = parse_entry({"id": "t1", "src": "en", "tgt": "fr", "wrong": r"(?x: act ual )", "intended": "", "source_triggers": "",
                         "require": "", "forbid": "", "severity": "", "note": "", "flag_example": "",
                         "pass_example": ""}, None)
    assert entry.cues == () and entry.core == "" and entry.wrong.search("actual")


def test_anchor_literals_cover_every_alternative() -> None:
    from audit.detectors.lexicon import anchor_literals

    frame = lambda body: parse(r"(?<!\w)(?:" + body + r")(?!\w)")  # noqa: E731 - as parse_entry wraps it
    assert anchor_literals(frame(r"(?:our|the) redaction x|redaction y")) == (" redaction x", "redaction y")
    assert anchor_literals(frame(r"(?:abc|xyz) d|q")) == ()  # one alternative has no literal of 3 letters
    assert anchor_literals(frame(r"(?:Abc|xyz)+ d")) == ("abc", "xyz")  # a repeat at least once; lower-cased
    assert anchor_literals(frame(r"(?:abc|xyz)? d")) == ()  # optional: nothing sure


def test_anchor_literals_prefer_the_rarer_word() -> None:
    """Of two literals every match holds, the one with the longer word: " the " is in nearly every
    English segment, so with it as the anchor the regex ran on nearly every segment."""
    from audit.detectors.lexicon import anchor_literals

    frame = lambda body: parse(r"(?<!\w)(?:" + body + r")(?!\w)")  # noqa: E731 - as parse_entry wraps it
    assert anchor_literals(frame(r"hoards?(?= places)|(?:in|at) the (?:after-?school )?hoard\b")) == ("hoard",)
    assert anchor_literals(frame(r"at the (?:big )?cats")) == ("cats",)  # "at the " is longer, "cats" rarer


def test_anchor_prefilter_keeps_every_shipped_flag_example() -> None:
    """Every shipped entry's flag example that its regex matches passes the pre-filters (they only skip
    regex runs that cannot match)."""
    from audit.detectors.lexicon import load_lexicons, may_match

    entries = load_lexicons()
    assert sum(1 for e in entries if e.anchors) > len(entries) // 2
    for entry in entries:
        for text in (entry.flag_example, entry.flag_example.upper(), entry.flag_example.title()):
            if text and entry.wrong.search(text):
                assert may_match(entry, text.lower()), (entry.pair, entry.id, text)


def test_a_pattern_anchored_at_the_start_is_tried_there_only() -> None:
    """`wrong_test` answers as `search` does: with `match` only when every match starts at the start."""
    from audit.detectors.lexicon import load_lexicons, wrong_pattern, wrong_test

    assert wrong_test(r"^Also,? (?:we|I)\b").__name__ == "match"
    assert wrong_test(r"(?:^x|\Ay)").__name__ == "match"
    assert wrong_test(r"^x|y").__name__ == "search"  # one alternative may start anywhere
    assert wrong_test(r"(?m:^x)").__name__ == "search"  # "^" also after a line break
    assert wrong_test(r"(?:^)?x").__name__ == "search" and wrong_test(r"\bx^").__name__ == "search"
    texts = ["Also, we did.", "also we", " Also, we", "We Also, we", "x\nAlso, we", "y", "x", "\nx", "a x", "b\nx"]
    for wrong in [r"^Also,? (?:we|I)\b", r"(?:^x|\Ay)", r"^x|y", r"(?m:^x)"] + [e.wrong_text for e in load_lexicons()]:
        for text in texts + [e.flag_example for e in load_lexicons() if e.wrong_text == wrong]:
            assert bool(wrong_test(wrong)(text)) == bool(wrong_pattern(wrong).search(text)), (wrong, text)
