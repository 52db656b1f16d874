"""The command line: thin click commands that parse options and delegate to importable functions."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click
from audit.lazy import function, pandas as pd

from audit.version import __version__
from audit.engine.settings import MAX_PARTITIONS, MAX_SEGMENT_CHARS
from audit.pool import fewer_collections
from audit.errors import AuditError, Terminated
from audit.inputs.load import expand_target
from audit.inputs.readers import read_segments
from audit.langid import BACKENDS, DEFAULT_BACKEND
from audit.report.outputs import refuse_unsafe_report, visible
from audit.report.writers import FORMATS, default_report_path, default_report_paths, findings_to_text, read_report
from audit.text import counted

# the engine and the detectors are imported when a command first calls into them, not for --version/--help
run_check, settle = function("audit.api", "run_check"), function("audit.api", "settle")
all_rules, get_rule = function("audit.detectors", "all_rules"), function("audit.detectors", "get_rule")
catalogue_text = function("audit.detectors.catalogue", "catalogue_text")

if TYPE_CHECKING:
    from audit.api import AuditResult, RunSettings

EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_SIGNALLED = 128  # plus the signal's number, as shells report it: 143 for SIGTERM, 129 for SIGHUP
SHOW_FINDINGS_UP_TO = 20  # --show-findings is on by default when stdout is a terminal and the report has no more rows


def summarize(result: AuditResult, report: Path | None) -> str:
    """A short human summary: segments, words, findings by severity and by category, the corpus scores
    against the reference (when there is one), report path."""
    meta = result.meta()
    counts = meta["counts"]
    pair = f"{result.src_lang or '?'}→{result.tgt_lang or '?'}"
    lines = [
        f"audit {__version__}: {counted(counts['segments'], 'segment')}, {counted(counts['words'], 'word')} ({pair}), "
        f"{counted(counts['findings'], 'finding')}"
        + (f" ({counts['suppressed']:,} accepted or ignored)" if counts["suppressed"] else ""),
        "  by severity: " + ", ".join(f"{k} {v}" for k, v in counts["by_severity"].items()),
    ]
    if counts["by_category"]:
        lines.append("  by category: " + ", ".join(f"{k} {v}" for k, v in counts["by_category"].items()))
    if result.corpus_scores:
        lines.append("  scores: " + ", ".join(
            f"{SCORE_NAMES.get(metric, metric)} {entry['score']:.1f}" for metric, entry in result.corpus_scores.items()
            if isinstance(entry, dict) and isinstance(entry.get("score"), (int, float)))
            + " (corpus, against the reference)")
    if counts.get("capped_segments"):
        lines.append(f"  {counted(counts['capped_segments'], 'segment')} longer than {meta['max_segment_chars']:,} "
                     "characters got the cheap rules only (punctuation, boilerplate, numbers, locale, length, repeats)")
    dictionaries = meta.get("dictionaries") or {}
    if dictionaries.get("skipped"):
        lines.append(f"  skipped: {', '.join(dictionaries['skipped_rules'])} (no FreeDict dictionary for "
                     f"{dictionaries['pair']}; `audit dicts` lists what is installed)")
    if counts.get("skipped_units"):
        lines.append("  not audited (--include to audit): " + ", ".join(
            f"{reason} {n}" for reason, n in counts["skipped_units"].items()))
    if report is not None:
        lines.append(f"report: {visible(report)}")
    return "\n".join(lines)


SCORE_NAMES = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER"}


def warn_about_languages(result: AuditResult) -> None:
    """Say on stderr when the target language could not be told (the meta file says it too)."""
    if result.language_note:
        click.echo(f"audit: warning: {result.language_note}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="audit")
def cli() -> None:
    """Find the suspect phrases machine translation leaves in text.

    Exit codes: 0 the command ran (and a gate passed), 1 a gate failed, 2 bad input or usage.
    """


def use_dict_dirs(ctx: click.Context, param: click.Parameter, dirs: tuple[str, ...]) -> None:
    """--dict-dir goes before $AUDIT_DICT_PATH, in the environment so that worker processes see it too."""
    from audit.bilingual.dictionary import ENV_VAR

    if dirs:
        os.environ[ENV_VAR] = os.pathsep.join([*dirs, *filter(None, [os.environ.get(ENV_VAR)])])


def audit_options(command):
    """The input, language and output options `check` and `gate` share."""
    options = [
        click.option("--src", "source", metavar="FILE", help="Line-aligned source text."),
        click.option("--ref", "reference", metavar="FILE", multiple=True,
                     help="Line-aligned reference translation (repeat for several references)."),
        click.option("--ref-doc", metavar="FILE",
                     help="Reference translation as a document; its sentences are aligned to the segments."),
        click.option("--ref-minor", is_flag=True,
                     help="Also report minor divergences from the reference (rewordings, short omissions)."),
        click.option("--scores", "scores", metavar="LIST", default="bleu,chrf", show_default=True,
                     help="Reference scores per segment and corpus: any of bleu,chrf,ter, or none "
                          "(TER costs ~17x BLEU and chrF together: asked for, not default)."),
        click.option("--src-lang", metavar="L", help="Source language (ISO 639-1), when no source file is given."),
        click.option("--tgt-lang", metavar="L", help="Target language (ISO 639-1); detected when omitted."),
        click.option("-o", "--output", metavar="PATH",
                     help="Report path [default: reports/<target-stem>.audit.<format>; two targets of one run "
                          "with the same stem: reports/<folder>__<stem>...]. `-o -` writes the report to stdout "
                          "(and the summary to stderr) and no meta file: `gate --report` cannot read it back."),
        click.option("--overwrite", is_flag=True,
                     help="Replace an existing file at the report's paths (-o, its .meta.json and .segments.csv) "
                          "even when it is not a report audit wrote; by default only our own previous report, "
                          "unchanged since, is replaced (a partitioned report's directory: always)."),
        click.option("--no-report", is_flag=True,
                     help="Write no report (nor its meta file): print the summary (and the gate's decision) only."),
        click.option("-q", "--quiet", is_flag=True,
                     help="No summary (nor a gate's decision when it passes); errors still go to stderr, and "
                          "--format github annotations still print."),
        click.option("--show-findings/--no-show-findings", "show_findings", default=None,
                     help=f"Print each finding as file:line:col: CODE [severity] message [default: when stdout is "
                          f"a terminal and there are at most {SHOW_FINDINGS_UP_TO}]."),
        click.option("--select", metavar="CODES", multiple=True,
                     help="Report only these rules: codes or prefixes, comma-separated (LX,PU001; ALL); replaces "
                          "the configuration's `select`."),
        click.option("--extend-select", metavar="CODES", multiple=True,
                     help="Also report these rules (codes or prefixes), on top of the selection."),
        click.option("--ignore", metavar="CODES", multiple=True,
                     help="Do not report these rules (codes or prefixes, e.g. PU003,BP); added to the "
                          "configuration's `ignore`. A more specific --select/--extend-select code wins."),
        click.option("--format", "fmt", type=click.Choice(sorted([*FORMATS, "html", "parquet", "po"])), default="csv", show_default=True),
        click.option("--langid", type=click.Choice(BACKENDS), default=DEFAULT_BACKEND, show_default=True,
                     help="Language-identification backend."),
        click.option("--columns", metavar="MAP", help="Column names in TSV/CSV/JSONL input, e.g. target=mt,source=src."),
        click.option("--include", metavar="LIST", help="Also audit the units of PO/XLIFF/TMX/TSV inputs skipped by "
                     "default: any of fuzzy,untranslated,translate-no,needs-translation, or all."),
        click.option("--baseline", metavar="FILE", help="Report only findings not accepted in this baseline."),
        click.option("--encoding", default="utf-8", show_default=True, metavar="CODEC",
                     help="Text encoding of the input files."),
        click.option("--errors", "decode_errors", type=click.Choice(["strict", "replace"]), default="strict",
                     show_default=True, help="Undecodable bytes: an error, or U+FFFD in their place."),
        click.option("--max-segment-chars", type=click.IntRange(1), default=MAX_SEGMENT_CHARS, show_default=True,
                     help="Longer segments get the cheap rules only (and the gate cannot pass them)."),
        click.option("--jobs", "-j", type=click.IntRange(0), default=0, show_default="0: every core",
                     help="Worker processes; the report is the same for any value."),
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="Where the chunks are audited: worker processes here, or tasks on a Dask cluster."),
        click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler to use (default: a local cluster)."),
        click.option("--partitions", type=click.IntRange(1, MAX_PARTITIONS),
                     help=f"Dask: tasks (of four chunks, ~2,000 segments) on the cluster at a time, at most "
                          f"{MAX_PARTITIONS:,}: each is held in memory until written [default: 3 × its worker "
                          "threads]."),
        click.option("--progress/--no-progress", "progress", default=None,
                     help="Progress and findings so far on stderr [default: when stderr is a terminal]."),
        click.option("--ignore-file", metavar="FILE",
                     help="Ignore file (TOML [[ignore]] entries: rule, phrase, file)."),
        click.option("--csv-raw", is_flag=True,
                     help="Write CSV cells as they are: no ' before a leading = + - @ tab or CR (spreadsheet-safe "
                          "by default)."),
        click.option("--lexicon", "lexicons", metavar="FILE", multiple=True,
                     help="Add a lexicon of your own (TSV, the format of corpora/lexicons/); repeatable."),
        click.option("--dict-dir", metavar="DIR", multiple=True, expose_value=False, callback=use_dict_dirs,
                     help="Directory of FreeDict dictionaries (dictd files), searched before $AUDIT_DICT_PATH "
                     "and /usr/share/dictd."),
    ]
    for option in reversed(options):
        command = option(command)
    return command














@dataclass(frozen=True)
class Console:
    """What a run prints and where: the summary (stdout, or stderr when the report goes to stdout; none
    with -q), the findings as linter lines, GitHub annotations, the report itself with `-o -`."""

    fmt: str
    quiet: bool = False
    show_findings: bool | None = None
    to_stdout: bool = False  # -o -

    def say(self, text: str) -> None:
        if not self.quiet:
            click.echo(text, err=self.to_stdout)


def console_and_settings(options: dict, **settled) -> tuple[Console, RunSettings]:
    """Split the printing options from the run's and settle the run: `-o -` and `--no-report` write no
    file (the report goes to stdout, or nowhere)."""
    console = Console(options["fmt"], options.pop("quiet"), options.pop("show_findings"), options.get("output") == "-")
    no_report = options.pop("no_report")
    if no_report and options.get("output"):
        raise AuditError("--no-report writes no report: leave out -o")
    if console.to_stdout:
        options["output"] = None
    return console, settle(**options, **settled, **({"write": False} if no_report or console.to_stdout else {}))


def audit_one(target: str, settings: RunSettings, console: Console) -> tuple[AuditResult, Path | None]:
    """Audit one target and print what the console asks for; returns the result and the report written
    (None when none is)."""
    result, report = run_check(target, settings)
    written = report if settings.write else None
    if console.to_stdout:
        write_to_stdout(result, settings)
    else:
        print_annotations(result, console.fmt)
    warn_about_languages(result)
    print_findings(result, written, console)
    console.say(summarize(result, written))
    return result, written


def write_to_stdout(result: AuditResult, settings: RunSettings) -> None:
    """`-o -`: the report's body on stdout (bytes for parquet); no meta file (documented in --help)."""
    from audit.report.writers import file_lines, render_report, with_csv_choice

    meta = with_csv_choice(result.meta(), settings.csv_safe)
    lines = file_lines(result.segments)
    body = render_report(result.findings, settings.fmt, {**meta, **({"file_lines": lines} if lines else {})},
                         result.segments, all_rules(), result.scores)
    if isinstance(body, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
    else:
        click.echo(body, nl=False)


def print_findings(result: AuditResult, report: Path | None, console: Console) -> None:
    """`--show-findings`: one `file:line:col: CODE [severity] message` line per finding, as linters print
    them (the line in the input file); by default on when stdout is a terminal and there are few."""
    rows = result.tally.findings
    show = console.show_findings
    if show is None:
        show = sys.stdout.isatty() and not console.quiet and not console.to_stdout and 0 < rows <= SHOW_FINDINGS_UP_TO
    if not show or not rows:
        return
    if result.holds_findings:
        findings = result.findings
    elif report is not None:
        findings = read_report(report)  # a streamed or partitioned run: its findings are in the report
    else:
        return
    from audit.report.writers import file_lines, in_file

    for row in in_file(findings.to_dict("records"), file_lines(result.segments)):
        message = f"{row['phrase']!r}: {row['evidence']}" + (f" → {row['suggestion']}" if row["suggestion"] else "")
        click.echo(visible(f"{row['file']}:{row['line']}:{row['start'] + 1}: {row['rule']} [{row['severity']}] {message}"),
                   err=console.to_stdout)


@cli.command()
@click.argument("target")
@audit_options
def check(target: str, **options) -> None:
    """Audit TARGET (UTF-8 text, one segment per line, or - for stdin) and write a report.

    Options come from the command line, then the nearest audit.toml or pyproject.toml [tool.audit] from
    the current directory up to the repository's root, then the defaults (README, "Configuration")."""
    console, settings = console_and_settings(options)
    audit_one(target, settings, console)


def print_annotations(result: AuditResult, fmt: str) -> None:
    """GitHub workflow commands work only when printed to the job's log: the report's lines go to stdout too."""
    if fmt == "github":
        from audit.report.writers import file_lines

        click.echo(findings_to_text(result.findings, fmt, lines=file_lines(result.segments)), nl=False)


def _threshold(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """A gate threshold from the command line: finite and at least 0 (`nan` would turn its check off)."""
    from audit.gate.policy import check_threshold

    if value is None:
        return None
    try:
        return check_threshold(value, param.opts[0])
    except AuditError as exc:
        raise click.BadParameter(str(exc).split(": ", 1)[1], ctx, param) from None


LINE_FORMATS = ("jsonl", "github")  # reports that concatenate: several targets may share `-o -`


@cli.command()
@click.argument("targets", nargs=-1)
@audit_options
@click.option("--report", "existing", metavar="REPORT",
              help="Decide on an existing report instead of auditing (with TARGETs: verify it was made from them).")
@click.option("--policy", metavar="FILE", help="Gate policy (TOML); default: the [gate] table of the configuration "
              "(the nearest audit.toml or pyproject.toml [tool.audit]).")
@click.option("--max-major-per-1000", type=float, callback=_threshold,
              help="Override the policy's major findings per 1,000 words.")
@click.option("--max-penalty-per-1000", type=float, callback=_threshold,
              help="Override the policy's MQM penalty per 1,000 words.")
@click.option("--min-chrf", type=float, callback=_threshold,
              help="Override the policy's minimum corpus chrF against a reference.")
@click.option("--max-reference-per-1000", type=float, callback=_threshold,
              help="Override the policy's major divergences from the reference per 1,000 words.")
@click.option("--max-untranslated", type=float, callback=_threshold,
              help="Override the policy's number of untranslated units allowed (default 0).")
@click.option("--warn-only", is_flag=True, help="Report the decision (\"FAIL (warn only)\") but always exit 0.")
def gate(targets: tuple[str, ...], existing: str | None, policy: str | None, max_major_per_1000: float | None,
         max_penalty_per_1000: float | None, min_chrf: float | None, max_reference_per_1000: float | None,
         max_untranslated: float | None, warn_only: bool, **options) -> int:
    """Audit each TARGET (or read --report) and exit 1 when any fails the policy, 0 when all pass.

    Several targets get one report each (`--no-report`: none; `-o -` with jsonl or github: all on stdout)."""
    from dataclasses import replace

    from audit.gate.policy import decide_on_report, evaluate_gate, load_policy, refuse_incomplete

    if not targets and not existing:
        raise AuditError("give either TARGET(s) to audit or --report REPORT to decide on")
    output = options.get("output")
    if len(targets) > 1 and output and output != "-" and not existing:
        raise AuditError("-o names one report; with several targets each gets reports/<target-stem>.audit.<format> "
                         "(or give --no-report, or -o - with --format jsonl or github)")
    if len(targets) > 1 and output == "-" and options["fmt"] not in LINE_FORMATS and not existing:
        raise AuditError(f"-o - with several targets needs a format whose reports concatenate "
                         f"({' or '.join(LINE_FORMATS)}), not {options['fmt']}")
    chosen = load_policy(policy)
    overrides = {"max_major_per_1000": max_major_per_1000, "max_penalty_per_1000": max_penalty_per_1000,
                 "min_chrf": min_chrf, "max_reference_per_1000": max_reference_per_1000,
                 "max_untranslated": max_untranslated}
    chosen = replace(chosen, **{k: v for k, v in overrides.items() if v is not None})
    console, settings = console_and_settings(options, protected=(policy,) if policy else ())
    if existing:
        files = [f for target in targets for f in expand_target(target)]
        decision, absent = decide_on_report(Path(existing), files, chosen, settings.baseline, list(settings.ignored),
                                            settings.selection)
        if absent:
            console.say(visible(f"gate: inputs not found here, not verified: {', '.join(absent)}"))
        decision = replace(decision, warn_only=warn_only)
        say_decision(decision, console)
        return 0 if decision.passed or warn_only else EXIT_GATE_FAILED
    decisions = []
    outputs = {} if settings.output or not settings.write else default_report_paths(targets, settings.fmt)
    for target in targets:
        collided = outputs.get(target) not in (None, default_report_path(target, settings.fmt))
        result, report = audit_one(target, replace(settings, output=str(outputs[target])) if collided else settings,
                                   console)
        meta = result.meta()
        refuse_incomplete(meta, target)
        chrf = result.corpus_scores.get("chrf", {}).get("score")
        findings = result.findings if result.holds_findings else read_report(report)  # streamed: in the report
        decision = evaluate_gate(findings, result.words, chosen, bool(options.get("baseline")), chrf,
                                 meta["counts"]["untranslated"], meta["counts"]["segments"])
        decisions.append(replace(decision, warn_only=warn_only))
        say_decision(decisions[-1], console)
    if all(d.passed for d in decisions) or warn_only:
        return 0
    return EXIT_GATE_FAILED


def say_decision(decision, console: Console) -> None:
    """The gate's decision: under -q only a failure is printed (it says why)."""
    text = visible(decision.summary(), keep_newlines=True)
    if console.quiet and not decision.passed:
        click.echo(text, err=console.to_stdout)
    else:
        console.say(text)


@cli.command()
@click.argument("target")
@click.option("--src", "source", metavar="FILE", help="Line-aligned source text.")
@click.option("--ref", "reference", metavar="FILE", multiple=True, help="Line-aligned reference translation.")
@click.option("--ref-doc", metavar="FILE", help="Reference translation as a document, aligned to the segments.")
@click.option("--src-lang", metavar="L", help="Source language (ISO 639-1).")
@click.option("--tgt-lang", metavar="L", help="Target language (ISO 639-1); detected when omitted.")
@click.option("--langid", type=click.Choice(BACKENDS), default=DEFAULT_BACKEND, show_default=True)
@click.option("-o", "--output", default="audit-baseline.json", show_default=True, metavar="FILE",
              help="Where to write the baseline (replacing only an audit baseline, unless --overwrite).")
@click.option("--overwrite", is_flag=True, help="Replace an existing file at -o even when it is not an audit baseline.")
def baseline(target: str, output: str, overwrite: bool, **options) -> None:
    """Accept every current finding of TARGET: later `--baseline FILE` runs report only new ones."""
    from audit.gate.suppress import refuse_foreign_baseline, write_baseline

    inputs = [*expand_target(target), options["source"], *options["reference"], options["ref_doc"]]
    refuse_unsafe_report([Path(output)], inputs)
    if not overwrite:
        refuse_foreign_baseline(Path(output))
    result, _ = run_check(target, settle(output=None, fmt="csv", write=False, scores="none", **options))
    write_baseline(result.findings, Path(output), overwrite)
    click.echo(f"baseline: {counted(len(result.findings), 'finding')} accepted in {visible(output)}")


@cli.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def rules(code: str | None, fmt: str) -> None:
    """List the rule catalogue, or print one rule's documentation."""
    if code:
        try:
            click.echo(get_rule(code).doc())
        except KeyError:
            raise AuditError(f"no rule with code {code!r} (see `audit rules`)") from None
        return
    click.echo(catalogue_text(fmt), nl=False)


SEVERITY_COLOURS = {"critical": "magenta", "major": "red", "minor": "yellow"}


def format_findings_table(findings: pd.DataFrame, colour: bool) -> str:
    """A readable table: location, severity (coloured on a terminal), rule, phrase, suggestion. Whatever
    comes from the feed is printed with its control characters made visible (`visible`): a file name or a
    suggestion cannot clear the screen, retitle the window or hide a link."""
    if findings.empty:
        return "no findings"
    lines = []
    for row in findings.itertuples():
        severity = f"{row.severity:<8}"
        if colour:
            severity = click.style(severity, fg=SEVERITY_COLOURS[row.severity], bold=row.severity != "minor")
        phrase = row.phrase if len(row.phrase) <= 40 else row.phrase[:37] + "..."
        fix = f" → {visible(row.suggestion)}" if row.suggestion else ""
        lines.append(f"{visible(row.file)}:{row.line}:{row.start + 1}  {severity} {visible(row.rule):<12} "
                     f"{visible(repr(phrase))}{fix}")
    return "\n".join(lines)


@cli.command()
@click.argument("report")
@click.option("--severity", "min_severity", type=click.Choice(["minor", "major", "critical"]), default="minor",
              show_default=True, help="Show findings of this severity or worse.")
@click.option("--rule", "rules", multiple=True, metavar="CODE", help="Only these rules (repeatable).")
@click.option("--category", metavar="PREFIX", help="Only categories starting with PREFIX (e.g. accuracy).")
@click.option("--colour/--no-colour", "--color/--no-color", default=None, help="Colour severities [default: on a terminal].")
def show(report: str, min_severity: str, rules: tuple[str, ...], category: str | None, colour: bool | None) -> None:
    """Print a report as a readable table, with filters."""
    from audit.rules import SEVERITY_RANK

    from audit.report.writers import in_file, report_file_lines

    findings = read_report(report)
    lines = report_file_lines(Path(report))
    if lines and not findings.empty:  # the line in the input file, as the other formats for people give it
        findings = findings.assign(line=[r["line"] for r in in_file(findings.to_dict("records"), lines)])
    keep = findings["severity"].map(SEVERITY_RANK) >= SEVERITY_RANK[min_severity]
    if rules:
        wanted = {r.upper() for r in rules}
        keep &= findings["rule"].map(lambda codes: bool(wanted & set(codes.split("+"))))
    if category:
        keep &= findings["category"].str.startswith(category)
    shown = findings.loc[keep.astype(bool)]
    use_colour = sys.stdout.isatty() if colour is None else colour
    click.echo(format_findings_table(shown, use_colour), color=use_colour)
    click.echo(f"{len(shown):,} of {counted(len(findings), 'finding')} shown")


@cli.command()
@click.option("--hyp", required=True, metavar="FILE", help="MT output, one segment per line.")
@click.option("--ref", "reference", required=True, metavar="FILE", help="Line-aligned reference translation.")
@click.option("--src", "source", metavar="FILE", help="Line-aligned source (suggests source triggers).")
@click.option("--src-lang", metavar="L", help="Source language (ISO 639-1) written into the entries.")
@click.option("--tgt-lang", metavar="L", help="Target language (ISO 639-1); detected when omitted.")
@click.option("--min-count", type=click.IntRange(1), default=2, show_default=True,
              help="Keep substitutions seen at least this many times.")
@click.option("-o", "--output", metavar="FILE", help="Write the candidate lexicon here (replacing only a lexicon "
              "`audit mine` wrote, unless --overwrite) [default: stdout].")
@click.option("--overwrite", is_flag=True, help="Replace an existing file at -o even when `audit mine` did not write it.")
def mine(hyp: str, reference: str, source: str | None, src_lang: str | None, tgt_lang: str | None,
         min_count: int, output: str | None, overwrite: bool) -> None:
    """Turn substitutions the MT repeats against a reference into a candidate lexicon TSV."""
    from audit.inputs.load import resolve_languages
    from audit.mining import is_mined_lexicon, mine_substitutions, to_lexicon_tsv
    from audit.report.outputs import refuse_foreign_file
    from audit.report.writers import write_atomically

    if output:
        refuse_unsafe_report([Path(output)], [hyp, reference, source])
        if not overwrite:
            refuse_foreign_file(Path(output), is_mined_lexicon, "a lexicon `audit mine` wrote")
    hyps, refs = read_segments(hyp), read_segments(reference)
    sources = read_segments(source) if source else None
    for name, side in ((reference, refs), (source, sources)):
        if side is not None and len(side) != len(hyps):
            raise AuditError(f"{name}: {len(side)} lines, but {hyp} has {len(hyps)}; the files must be line-aligned")
    src, tgt = resolve_languages(hyps, sources, src_lang, tgt_lang)
    candidates = mine_substitutions(hyps, refs, sources, tgt, min_count)
    text = to_lexicon_tsv(candidates, src, tgt, sources, origin=Path(hyp).name)
    if output:
        write_atomically({Path(output): text})
        click.echo(f"mine: {counted(len(candidates), 'candidate entry', 'candidate entries')} in {visible(output)}")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("--dict-dir", metavar="DIR", multiple=True, expose_value=False, callback=use_dict_dirs,
              help="Also look in this directory (before $AUDIT_DICT_PATH and /usr/share/dictd).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def dicts(fmt: str) -> None:
    """List the bilingual dictionaries found, by language pair, with their sizes."""
    from audit.bilingual.dictionary import installed_dictionaries, search_dirs

    rows = installed_dictionaries()
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo("searched: " + os.pathsep.join(str(d) for d in search_dirs()))
    if not rows:
        click.echo("no FreeDict dictionary found: the dictionary rules are skipped (README: 'Dictionaries')")
        return
    click.echo(f"{'pair':<8} {'headwords':>10} {'MB':>6}  file")
    for row in rows:
        click.echo(f"{row['pair']:<8} {row['headwords']:>10,} {row['megabytes']:>6.1f}  {row['path']}")


@cli.command("eval")
@click.argument("report")
@click.argument("gold")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def evaluate(report: str, gold: str, fmt: str) -> None:
    """Score REPORT against GOLD error spans (JSONL): precision, recall, F1 overall, per rule and category."""
    from audit.evaluate import format_scores, load_gold, score

    table = score(read_report(report), load_gold(gold))
    if fmt == "json":
        click.echo(table.to_json(orient="records", indent=2))
    elif fmt == "csv":
        from audit.report.writers import table_to_csv

        click.echo(visible(table_to_csv(table), keep_newlines=True), nl=False)  # rule names come from the report
    else:
        click.echo(visible(format_scores(table), keep_newlines=True))


def _raise_terminated(signum, frame) -> None:
    raise Terminated(signum)


def _stopping_signals():
    """The signals that ask a run to stop and that it handles like Ctrl-C: SIGTERM (a CI timeout, `kill`)
    and SIGHUP (the terminal or SSH session closed)."""
    import signal

    return [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])


def _os_error(exc: OSError) -> str:
    """One line for an operating-system error no reader or writer turned into an AuditError."""
    where = f": {exc.filename}" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def main(argv: list[str] | None = None) -> None:
    """Entry point: every error is one line on stderr (its control characters made visible); exit 2 for
    bad input or usage, 130 on Ctrl-C, 128 + the signal's number on SIGTERM (143) or SIGHUP (129), after
    removing the report's temporaries and stopping the workers, like Ctrl-C."""
    import signal
    import threading

    if argv is None:
        fewer_collections()
    handles_signals = threading.current_thread() is threading.main_thread()  # only it may set handlers
    previous = {signum: signal.signal(signum, _raise_terminated) for signum in _stopping_signals()} \
        if handles_signals else {}
    try:
        code = cli.main(args=argv, prog_name="audit", standalone_mode=False)
    except Terminated as stop:
        signum = stop.args[0] if stop.args else signal.SIGTERM
        click.echo("audit: terminated" + (" (hang-up)" if signum != signal.SIGTERM else ""), err=True)
        sys.exit(EXIT_SIGNALLED + signum)
    except AuditError as exc:
        click.echo(f"audit: error: {visible(exc)}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("audit: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        click.echo("audit: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        click.echo(f"audit: error: {visible(exc.format_message())}", err=True)
        sys.exit(EXIT_USAGE)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except OSError as exc:  # the machine refused: a full disk or a file size limit while a model is cached
        click.echo(f"audit: error: {visible(_os_error(exc))}", err=True)
        sys.exit(EXIT_USAGE)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        if argv is None:
            _skip_final_collections()
    sys.exit(code if isinstance(code, int) else 0)


def _skip_final_collections() -> None:
    """Run as the program (no `argv` given), the process ends once the command returns: the garbage
    collections of the interpreter's shutdown would walk every object the run made, ~15 ms of a one-line
    run's ~150. Frozen, the objects are still freed, and files closed, by reference counting; only
    reference cycles stay until the process is gone."""
    import gc

    gc.freeze()
