"""The command line: thin click commands that parse options and delegate to importable functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pandas as pd

from audit import __version__
from audit.api import AuditResult, run_audit
from audit.errors import AuditError
from audit.langid import BACKENDS, DEFAULT_BACKEND
from audit.readers import STDIN, read_segments
from audit.report import FORMATS, default_report_path, read_report, write_report
from audit.rules import all_rules, get_rule

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def summarize(result: AuditResult, report: Path | None) -> str:
    """A short human summary: segments, words, findings by severity and by category, report path."""
    meta = result.meta()
    counts = meta["counts"]
    pair = f"{result.src_lang or '?'}→{result.tgt_lang or '?'}"
    lines = [
        f"audit {__version__}: {counts['segments']} segments, {counts['words']} words ({pair}), "
        f"{counts['findings']} findings",
        "  by severity: " + ", ".join(f"{k} {v}" for k, v in counts["by_severity"].items()),
    ]
    if counts["by_category"]:
        lines.append("  by category: " + ", ".join(f"{k} {v}" for k, v in counts["by_category"].items()))
    if report is not None:
        lines.append(f"report: {report}")
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="audit")
def cli() -> None:
    """Find the suspect phrases machine translation leaves in text.

    Exit codes: 0 the command ran (and a gate passed), 1 a gate failed, 2 bad input or usage.
    """


@cli.command()
@click.argument("target")
@click.option("--src", "source", metavar="FILE", help="Line-aligned source text.")
@click.option("--ref", "reference", metavar="FILE", help="Line-aligned reference translation.")
@click.option("--src-lang", metavar="L", help="Source language (ISO 639-1), when no source file is given.")
@click.option("--tgt-lang", metavar="L", help="Target language (ISO 639-1); detected when omitted.")
@click.option("-o", "--output", metavar="PATH", help="Report path [default: reports/<target-stem>.audit.<format>].")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="csv", show_default=True)
@click.option("--langid", type=click.Choice(BACKENDS), default=DEFAULT_BACKEND, show_default=True,
              help="Language-identification backend.")
def check(target: str, source: str | None, reference: str | None, src_lang: str | None,
          tgt_lang: str | None, output: str | None, fmt: str, langid: str) -> None:
    """Audit TARGET (UTF-8 text, one segment per line, or - for stdin) and write a report."""
    targets = read_segments(target)
    sources = read_segments(source) if source else None
    references = read_segments(reference) if reference else None
    report = Path(output) if output else default_report_path(target, fmt)
    options = {"source": source, "reference": reference, "src_lang": src_lang, "tgt_lang": tgt_lang,
               "format": fmt, "langid": langid}
    result = run_audit(
        targets, sources, references, src_lang, tgt_lang,
        file="<stdin>" if target == STDIN else target,
        names={"source": source or "", "reference": reference or ""},
        options={k: v for k, v in options.items() if v is not None},
        langid=langid,
    )
    write_report(result.findings, report, fmt, result.meta())
    click.echo(summarize(result, report))


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
    table = pd.DataFrame(
        [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
          "languages": r.languages, "what": r.what} for r in all_rules()]
    )
    if fmt == "csv":
        click.echo(table.to_csv(index=False, lineterminator="\n"), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(table.to_dict(orient="records"), indent=2, ensure_ascii=False))
    else:
        click.echo(table[["code", "name", "category", "severity", "languages"]].to_string(index=False))


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
        click.echo(table.to_csv(index=False, lineterminator="\n"), nl=False)
    else:
        click.echo(format_scores(table))


def main(argv: list[str] | None = None) -> None:
    """Entry point: every error is one line on stderr; exit 2 for bad input or usage, 130 on Ctrl-C."""
    try:
        code = cli.main(args=argv, prog_name="audit", standalone_mode=False)
    except AuditError as exc:
        click.echo(f"audit: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("audit: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        click.echo("audit: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        click.echo(f"audit: error: {exc.format_message()}", err=True)
        sys.exit(EXIT_USAGE)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
