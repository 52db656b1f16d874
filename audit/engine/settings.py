"""A run's settings, settled once before any input is read, and the limits every run applies: the
segment-length cap and what a capped segment may report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from audit.langid import DEFAULT_BACKEND
from audit.scores import DEFAULT_METRICS

from audit.config import RuleSelection

if TYPE_CHECKING:
    from audit.gate.suppress import Baseline, IgnoreEntry

MAX_SEGMENT_CHARS = 20_000  # longer segments get the cheap (linear, light) detector families only


# ... and at most this many findings of each family: a hostile 50 MB line of repeated words would
# otherwise hold a million findings (2.2 GB). Such a segment already fails the gate (`capped_segments`).
MAX_FINDINGS_PER_CAPPED_SEGMENT = 100

CHUNK_SEGMENTS = 500  # segments per unit of parallel work
BLOCK_SEGMENTS = 20_000  # segments read, audited and written at a time

# `--partitions`: Dask tasks (of ~2,000 segments each) on the cluster at a time. Each holds its segments,
# and the blocks they came from, in memory until its results are written: the window is what keeps memory
# flat, and a window larger than the input would read the whole input ahead.
MAX_PARTITIONS = 1024


@dataclass(frozen=True)
class RunSettings:
    """Everything a run needs besides its input, from the command line or a caller: what to read with the
    target, how to audit, where and how to write. Every driver (here, streamed, Dask, sharded on Dask)
    reads the same settings; `to_meta()` is what the report's meta file records of them."""

    # what is read with the target
    source: str | None = None
    references: tuple[str, ...] = ()
    ref_doc: str | None = None
    columns: str | None = None
    encoding: str = "utf-8"
    decode_errors: str = "strict"
    include: frozenset[str] = frozenset()  # units of structured inputs audited though skipped by default
    inputs: tuple[str, ...] = ()  # the target's files once expanded (a directory or glob: several)
    # how the audit runs
    src_lang: str | None = None
    tgt_lang: str | None = None
    langid: str = DEFAULT_BACKEND
    ref_minor: bool = False
    metrics: tuple[str, ...] = DEFAULT_METRICS  # reference scores (`--scores`, parsed)
    max_segment_chars: int = MAX_SEGMENT_CHARS
    lexicons: tuple[str, ...] = ()  # user lexicons in force (`config.use_lexicons`)
    jobs: int = 1  # worker processes; 0 means every core
    engine: str = "local"
    scheduler: str | None = None
    partitions: int | None = None
    chunk_size: int = CHUNK_SEGMENTS
    block_size: int = BLOCK_SEGMENTS
    progress: bool | None = False  # None: on a terminal
    # what is dropped, and where the report goes
    selection: RuleSelection = RuleSelection()  # rules reported (--select, --extend-select, --ignore, config)
    baseline: str | None = None
    ignore: str | None = None  # the ignore file (--ignore-file)
    config: str | None = None  # the configuration file in force (`audit.config.find_config`)
    accepted: Baseline | None = field(default=None, compare=False, repr=False)  # the baseline, read
    ignored: tuple[IgnoreEntry, ...] = ()  # the ignore file, read
    fmt: str = "csv"
    output: str | None = None
    csv_safe: bool = True  # spreadsheet-safe CSV cells (off with --csv-raw)
    write: bool = True
    protected: tuple[str, ...] = ()  # files the report must not overwrite besides the inputs
    overwrite: bool = False  # replace an existing file at the report's paths that is not our previous report

    @property
    def has_references(self) -> bool:
        return bool(self.references or self.ref_doc)

    @property
    def writes_csv(self) -> bool:
        """Whether the report includes CSV: the findings, or the per-segment scores table."""
        return self.fmt == "csv" or bool(self.metrics and self.has_references)

    @property
    def suppresses(self) -> bool:
        return bool(self.accepted or self.ignored)

    def to_meta(self) -> dict:
        """The meta file's `options`: what was asked for, defaults left out."""
        encoding = self.encoding if self.encoding.lower().replace("_", "-") not in ("utf-8", "utf8") else None
        options = {"source": self.source, "reference": list(self.references) or None, "ref_doc": self.ref_doc,
                   "ref_minor": self.ref_minor or None,
                   "scores": ",".join(self.metrics) if self.has_references else None,
                   "src_lang": self.src_lang, "tgt_lang": self.tgt_lang,
                   "format": self.fmt, "langid": self.langid, "baseline": self.baseline, "ignore": self.ignore,
                   "columns": self.columns, "inputs": list(self.inputs) if len(self.inputs) > 1 else None,
                   "encoding": encoding, "errors": self.decode_errors if self.decode_errors != "strict" else None,
                   "engine": self.engine if self.engine != "local" else None, "scheduler": self.scheduler,
                   "lexicons": list(self.lexicons) or None, "csv_safe": self.csv_safe if self.writes_csv else None,
                   "include": ",".join(sorted(self.include)) or None, "config": self.config,
                   **self.selection.to_meta()}
        return {k: v for k, v in options.items() if v is not None}


def check_partitions(partitions: int | None) -> None:
    """`--partitions` (None: the default) must be a whole number from 1 to `MAX_PARTITIONS`."""
    from audit.errors import AuditError

    if partitions is not None and (isinstance(partitions, bool) or not isinstance(partitions, int)
                                   or not 1 <= partitions <= MAX_PARTITIONS):
        raise AuditError(f"--partitions: {partitions!r} is not a whole number from 1 to {MAX_PARTITIONS} "
                         "(Dask tasks on the cluster at a time, each holding ~2,000 segments in memory)")


def settle(*, source: str | None = None, reference: tuple[str, ...] | str | None = (), ref_doc: str | None = None,
           ref_minor: bool = False, scores: str | None = "bleu,chrf", src_lang: str | None = None,
           tgt_lang: str | None = None, output: str | None = None, fmt: str = "csv", langid: str = DEFAULT_BACKEND,
           columns: str | None = None, baseline: str | None = None,
           encoding: str = "utf-8", decode_errors: str = "strict", max_segment_chars: int = MAX_SEGMENT_CHARS,
           jobs: int = 1, engine: str = "local", scheduler: str | None = None, partitions: int | None = None,
           progress: bool | None = False, csv_raw: bool = False, lexicons: tuple[str, ...] = (),
           write: bool = True, protected: tuple[str, ...] = (), include: str | None = None,
           select: tuple[str, ...] | str | None = (), extend_select: tuple[str, ...] | str | None = (),
           ignore: tuple[str, ...] | str | None = (), ignore_file: str | None = None,
           overwrite: bool = False) -> RunSettings:
    """The settings of the command line's options (named as `audit check` names them), checked and read
    before any input is, over the project configuration (`audit.config.find_config`: the command line
    first, then the file, then the defaults): the score list parsed, the rule selection (`select`,
    `extend_select`, `ignore`: codes or prefixes) checked, the user lexicons and the target region put
    in force (for the worker processes too), the baseline, the ignore file and the configuration's
    `[[ignore]]` entries read. Bad values are one-line errors."""
    from audit.config import CONFIG_FILES, find_config, rule_selection, use_lexicons, use_target_region
    from audit.errors import AuditError
    from audit.gate.suppress import ignore_entries, load_baseline, load_ignore
    from audit.inputs.load import parse_include
    from audit.scores import parse_metrics

    try:
        metrics = parse_metrics(scores)
    except ValueError as exc:
        raise AuditError(f"--scores: {exc}") from None
    check_partitions(partitions)
    config = find_config()
    config_names = tuple(name for name, _ in CONFIG_FILES)  # never overwritten by a report, here or found
    if config.gate() is not None:
        from audit.gate.policy import load_policy

        load_policy()  # a wrong [gate] table is an error for `check` too: one configuration, checked whole
    selection = rule_selection(select, extend_select, ignore, config)
    in_force = use_lexicons(lexicons, config)
    ignored = [*ignore_entries(config.ignore_entries(), config.origin), *(load_ignore(ignore_file) if ignore_file else [])]
    use_target_region(tgt_lang)
    references = (reference,) if isinstance(reference, str) else tuple(reference or ())
    return RunSettings(
        source=source, references=references, ref_doc=ref_doc, columns=columns, encoding=encoding,
        decode_errors=decode_errors, include=parse_include(include), src_lang=src_lang, tgt_lang=tgt_lang, langid=langid, ref_minor=ref_minor,
        metrics=metrics, max_segment_chars=max_segment_chars, lexicons=tuple(in_force), jobs=jobs, engine=engine,
        scheduler=scheduler, partitions=partitions, progress=progress, baseline=baseline, ignore=ignore_file,
        selection=selection, config=str(config.path) if config.path else None,
        accepted=load_baseline(baseline) if baseline else None,
        ignored=tuple(ignored), fmt=fmt, output=output, csv_safe=not csv_raw,
        write=write, protected=(*protected, *config_names, *((str(config.path),) if config.path else ())),
        overwrite=overwrite)
