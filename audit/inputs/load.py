"""One input as a segments table: targets expanded to files, each file read (plain text with line-aligned
side files, or a structured file), its sides checked to line up and its languages settled."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from audit.lazy import pandas as pd

from audit.errors import AuditError
from audit.langid import DEFAULT_BACKEND
from audit.languages import detect_language, detect_target_language, normalize_language
from audit.segments import build_segments
from audit.inputs.formats import STRUCTURED_SUFFIXES
from audit.inputs.readers import STDIN, read_segments


def _check_aligned(name: str, values: Sequence[str] | None, expected: int, what: str) -> None:
    if values is not None and len(values) != expected:
        raise AuditError(f"{name}: {len(values)} lines, but the target has {expected}; {what} must be line-aligned")


def resolve_languages(
    targets: Sequence[str], sources: Sequence[str] | None, src_lang: str | None, tgt_lang: str | None,
    langid: str = DEFAULT_BACKEND,
) -> tuple[str | None, str | None]:
    """Validate the given codes; detect what is missing (source when a source is given, then the target,
    with the source language as a prior for short texts)."""
    src = normalize_language(src_lang, "--src-lang")
    tgt = normalize_language(tgt_lang, "--tgt-lang")
    if src is None and sources is not None:  # a structured file may give a source for some units only
        src = detect_language("\n".join(s or "" for s in sources), backend=langid)
    if tgt is None:
        tgt = detect_target_language("\n".join(targets), src, backend=langid)
    return src, tgt


def prepare_segments(
    targets: Sequence[str],
    sources: Sequence[str] | None = None,
    references: Sequence[str] | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    file: str = "<memory>",
    names: dict[str, str] | None = None,
    langid: str = DEFAULT_BACKEND,
    ids: Sequence[str] | None = None,
    more_references: Sequence[Sequence[str]] = (),
    file_lines: Sequence[int] | None = None,
    skip: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Check one input's sides line up, settle its languages, and build its segments table."""
    names = names or {}
    _check_aligned(names.get("source", "sources"), sources, len(targets), "source and target")
    _check_aligned(names.get("reference", "references"), references, len(targets), "reference and target")
    for k, more in enumerate(more_references, start=2):
        _check_aligned(names.get(f"reference{k}", f"reference {k}"), more, len(targets), "reference and target")
    src, tgt = resolve_languages(targets, sources, src_lang, tgt_lang, langid)
    return build_segments(targets, sources, references, file=file, src_lang=src, tgt_lang=tgt, ids=ids,
                          more_references=more_references, file_lines=file_lines, skip=skip)


INPUT_SUFFIXES = (".txt", *(s for s in STRUCTURED_SUFFIXES if s != ".pot"))


def expand_target(target: str) -> list[str]:
    """A file (or -) stands for itself; a directory or a glob for the input files in it, sorted, each real
    file once and never through a loop of symbolic links (see `audit.inputs.targets`)."""
    from audit.inputs.targets import each_file_once, files_in_directory, files_matching

    path = Path(target)
    if target == STDIN or path.is_file():
        return [target]
    if path.is_dir():
        files = each_file_once(files_in_directory(path, INPUT_SUFFIXES))
    elif any(char in target for char in "*?["):
        files = each_file_once(files_matching(target))
    else:
        return [target]  # let the reader say what is wrong with it
    if not files:
        raise AuditError(f"{target}: no input files ({' '.join(INPUT_SUFFIXES)})")
    return files


def _reference_sides(reference: tuple[str, ...], ref_doc: str | None,
                     targets: list[str]) -> tuple[list[str] | None, list[list[str]], dict]:
    """The first reference, any further ones, and --ref-doc pairing counts."""
    if ref_doc:
        if reference:
            raise AuditError("give --ref (line-aligned) or --ref-doc (a document), not both")
        from audit.inputs.docalign import align_document
        from audit.inputs.readers import read_text

        aligned = align_document(targets, read_text(ref_doc))
        counts = {"target_unaligned": aligned.target_unaligned, "reference_unaligned": aligned.reference_unaligned}
        return [r or "" for r in aligned.references], [], counts
    files = [read_segments(r) for r in reference]
    return (files[0] if files else None), files[1:], {}


def parse_include(spec: str | None) -> frozenset[str]:
    """`--include fuzzy,untranslated` (or `all`) -> the units the audit reads that it skips by default."""
    from audit.inputs.formats import SKIP_REASONS

    names = {part.strip() for part in (spec or "").split(",") if part.strip()}
    if "all" in names:
        return frozenset(SKIP_REASONS)
    unknown = sorted(names - set(SKIP_REASONS))
    if unknown:
        raise AuditError(f"--include: {unknown[0]!r} is not one of {', '.join(SKIP_REASONS)}, all")
    return frozenset(names)


def skip_reasons(units, sources: Sequence[str | None] | None, include: frozenset[str]) -> list[str]:
    """Why each unit of a structured file is left out of the audit ("" when it is audited): its file's
    mark (fuzzy, translate="no", needs-translation) or an empty target for a source (untranslated, which
    the gate still counts), unless `include` names the reason."""
    reasons = []
    for k, (target, state) in enumerate(zip(units.targets, units.states)):
        source = sources[k] if sources is not None else None
        untranslated = bool(source and source.strip()) and not target.strip()  # as the gate counts them
        reason = "untranslated" if untranslated else state
        reasons.append("" if reason in include else reason)
    return reasons


def load_input(target: str, source: str | None, reference: tuple[str, ...], src_lang: str | None,
               tgt_lang: str | None, columns: str | None, langid: str,
               ref_doc: str | None = None, include: frozenset[str] = frozenset()) -> tuple[pd.DataFrame, dict]:
    """One input file as a segments table (plain text with line-aligned side files, or a structured
    file, whose units marked fuzzy, untranslated ... are left out of the audit unless `include` names
    them) and the --ref-doc pairing counts."""
    from audit.inputs.load import prepare_segments
    from audit.inputs.feeds import is_document_input
    from audit.inputs.formats import parse_columns, read_units

    units = read_units(target, parse_columns(columns), tgt_lang) if target != STDIN else None
    ids = units.ids if units is not None else None
    targets = units.targets if units is not None else read_segments(target)
    references, more, counts = _reference_sides(reference, ref_doc, targets)
    if units is not None:  # a structured file carries its own sources and languages
        if source and is_documents(units) and is_document_input(source):  # a feed's items pair by guid/link
            sources, pairing, source_lang = paired_sources(units, source)
            counts, src_lang = {**counts, **pairing}, src_lang or source_lang
        else:
            sources = read_segments(source) if source else (units.sources if units.has_sources else None)
        if references is None and units.has_references:
            references = units.references
        src_lang, tgt_lang = src_lang or units.src_lang, tgt_lang or units.tgt_lang
    else:
        sources = read_segments(source) if source else None
    names = {"source": source or "", "reference": reference[0] if reference else (ref_doc or "")}
    names.update({f"reference{k}": r for k, r in enumerate(reference[1:], start=2)})
    segments = prepare_segments(targets, sources, references, src_lang, tgt_lang,
                                file="<stdin>" if target == STDIN else target, names=names, langid=langid,
                                ids=ids, more_references=more,
                                file_lines=units.lines if units is not None else None,
                                skip=skip_reasons(units, sources, include) if units is not None else None)
    if is_documents(units):
        segments = as_documents(segments, target, units.documents)
    return segments, counts


def is_documents(units) -> bool:
    """Whether `units` are a feed's items or a page (audit/inputs/feeds.py, pages.py)."""
    from audit.inputs.pages import Items

    return isinstance(units, Items)


def paired_sources(units, source: str) -> tuple[list[str | None], dict, str | None]:
    """The source of each unit of a feed (or page) from the source feed (or page) `source`, the pairing
    counts (see `audit.inputs.feeds.pair_sources`) and the language the source declares."""
    from audit.inputs.feeds import pair_sources, read_documents

    source_units = read_documents(source)
    pairing = pair_sources(units, source_units)
    return pairing.sources, pairing.counts, source_units.tgt_lang


def as_documents(segments: pd.DataFrame, target: str, documents: list[str]) -> pd.DataFrame:
    """The segments of a feed as one document per item: file `<target>#<item>` (a page keeps its file
    name) and lines numbered from 1 within each document."""
    segments = segments.copy()
    segments["file"] = [f"{target}#{name}" if name else target for name in documents]
    segments["line"] = segments.groupby("file", sort=False).cumcount().astype("int64") + 1
    return segments
