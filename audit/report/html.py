"""The review page (`--format html`): one self-contained HTML file a reviewer opens in a browser.

- a summary (counts, corpus BLEU/chrF/TER when a reference was given, charts by severity and category);
- the segments, page by page, with the source and the reference beside the target when given, the suspect
  phrases marked, and under each segment its findings with rule, severity, evidence and suggestion;
- a findings table, sortable by file, line, rule, severity, category or phrase;
- filters (severity at least, rule, category, decision, only segments with findings), all kept in the URL
  hash: report.html#severity=major&rule=LX001&flagged=1&view=findings&sort=phrase&page=2;
- per finding, "Accept" / "False alarm" buttons (kept in the browser under the report's key) and downloads
  of the decisions as a baseline (`--baseline`) and an ignore file (`[[ignore]]` entries).

The data is embedded once: column arrays as JSON, and every distinct string once, made visible (control
characters as `\\x1b`), one a line in a raw-text <script> with "<" written as U+E000 (so nothing in it can
close the element). The script builds only the page shown, with
textContent: input text never reaches the HTML parser unescaped, whatever it holds.
"""

from __future__ import annotations

import html

from audit.lazy import pandas as pd

from audit.report.html_assets import SCRIPT, STYLE
from audit.report.html_data import build_page_data, page_key, script_json
from audit.rules import SEVERITIES
from audit.version import __version__


def _escape(text: object) -> str:
    """Text for the page: control characters made visible (\\x1b; HTML forbids most of them), then escaped."""
    from audit.report.outputs import visible

    return html.escape(visible(text))


def _bars(counts: dict[str, int], css: dict[str, str] | None = None) -> str:
    top = max(counts.values(), default=1) or 1
    rows = []
    for name, value in counts.items():
        width = 12 * value / top
        klass = (css or {}).get(name, "")
        rows.append(f'<div class="bar {klass}"><span style="width:12em">{_escape(name)}</span>'
                    f'<span class="fill" style="width:{width:.2f}em"></span> {value}</div>')
    return "\n".join(rows)


def _options(values: list[str], everything: str) -> str:
    return f'<option value="">{everything}</option>' + "".join(
        f'<option value="{_escape(v)}">{_escape(v)}</option>' for v in values)


def _language(meta: dict, role: str) -> str:
    """A language code from the meta, safe for a `lang` attribute ("und": undetermined)."""
    code = (meta.get("languages") or {}).get(role)
    return _escape(code) if isinstance(code, str) and code else "und"


def _corpus_scores(meta: dict) -> str:
    scores = meta.get("scores") or {}
    labels = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER"}
    parts = []
    for metric, entry in scores.items():
        if not isinstance(entry, dict) or entry.get("score") is None:
            continue
        parts.append(f'<span title="{_escape(entry.get("signature", ""))}">{_escape(labels.get(metric, metric))} '
                     f'<strong>{float(entry["score"]):.2f}</strong></span>')
    if not parts:
        return ""
    segments = max((e.get("segments") or 0 for e in scores.values() if isinstance(e, dict)), default=0)
    return (f'<p class="scores" id="corpus-scores">Corpus scores against the reference: {" · ".join(parts)} '
            f'({segments} segments scored; hover for the sacreBLEU signature)</p>')


def _summary(findings: pd.DataFrame, meta: dict, total_segments: int) -> str:
    counts = meta.get("counts", {})
    by_severity = {s: int((findings["severity"] == s).sum()) for s in reversed(SEVERITIES)}
    by_category = findings["category"].value_counts().sort_index().to_dict()
    suppressed = counts.get("suppressed", 0)
    languages = f'{_language(meta, "source")} → {_language(meta, "target")}'
    return f"""<header lang="en">
<h1>Translation audit: review</h1>
<p class="meta">audit {_escape(meta.get("version", __version__))} · {counts.get("segments", total_segments)} segments ·
{counts.get("words", 0)} words · {languages} · {len(findings)} findings{f" ({suppressed} accepted or ignored)" if suppressed else ""} ·
signature <code>{_escape(meta.get("signature", ""))}</code></p>
{_corpus_scores(meta)}
<div class="bars"><div><h2>By severity</h2>{_bars(by_severity, {s: s for s in SEVERITIES})}</div>
<div><h2>By category</h2>{_bars(by_category)}</div></div>
</header>"""


def _controls(findings: pd.DataFrame) -> str:
    rules = sorted({r for codes in findings["rule"] for r in str(codes).split("+")})
    categories = sorted(set(findings["category"].astype(str)))
    severities = "".join(f'<option value="{s}">{s}</option>' for s in SEVERITIES)
    return f"""<div class="controls" lang="en" role="group" aria-label="filters">
<label>Severity at least <select id="severity">{severities}</select></label>
<label>Rule <select id="rule">{_options(rules, "all")}</select></label>
<label>Category <select id="category">{_options(categories, "all")}</select></label>
<label>Decision <select id="decision"><option value="">any</option><option value="open">open</option>
<option value="accept">accepted</option><option value="false">false alarm</option></select></label>
<label><input type="checkbox" id="flagged"> only segments with findings</label>
<label>Per page <select id="per"><option>50</option><option>200</option><option>1000</option></select></label>
<span><span id="count">{len(findings)}</span> findings shown</span>
</div>"""


def _decisions_panel() -> str:
    return """<section class="decisions" lang="en" aria-labelledby="decisions-title">
<h2 id="decisions-title">Your decisions</h2>
<p><span id="decision-count"></span>. Mark each finding <em>Accept</em> (a real issue you accept for now)
or <em>False alarm</em>; decisions stay in this browser for this report.</p>
<p><button type="button" data-export="baseline">Download baseline (accepted findings)</button>
<button type="button" data-export="ignore">Download ignore file (false alarms)</button>
<button type="button" id="clear-decisions">Clear decisions</button></p>
<p class="hint">The baseline is what <code>audit baseline</code> writes (read by <code>--baseline</code>); the ignore
file holds <code>[[ignore]]</code> entries (rule, phrase, file) for <code>check</code> and <code>gate</code>.</p>
<pre id="export-text" hidden></pre>
</section>"""


def _views(findings: pd.DataFrame, meta: dict) -> str:
    source, target = _language(meta, "source"), _language(meta, "target")
    headers = "".join(f'<th scope="col" data-column="{c}" aria-sort="none"><button type="button" data-sort="{c}">'
                      f'{label}</button></th>'
                      for c, label in (("file", "File"), ("line", "Line"), ("rule", "Rule"), ("severity", "Severity"),
                                       ("category", "Category"), ("phrase", "Phrase")))
    return f"""<div class="views" lang="en" role="group" aria-label="view">
<button type="button" id="view-segments" data-view="segments" aria-pressed="true">Segments</button>
<button type="button" id="view-findings" data-view="findings" aria-pressed="false">Findings table ({len(findings)})</button>
</div>
<section id="segments-view" aria-label="segments">
<nav class="pager" id="segments-pager" lang="en" aria-label="segment pages"></nav>
<table class="segments" id="segment-table"><colgroup><col class="where"></colgroup>
<thead lang="en"><tr><th scope="col" id="col-where">Segment</th><th scope="col" id="col-source" lang="en">Source ({source})</th>
<th scope="col">Target ({target})</th><th scope="col" id="col-reference">Reference</th></tr></thead></table>
</section>
<section id="findings-view" aria-label="findings table" hidden>
<nav class="pager" id="findings-pager" lang="en" aria-label="findings pages"></nav>
<table class="findings" id="findings-table"><thead lang="en"><tr>{headers}
<th scope="col">Evidence and suggestion</th><th scope="col">Decision</th></tr></thead></table>
</section>"""


def render_html(findings: pd.DataFrame, segments: pd.DataFrame | None, meta: dict,
                scores: pd.DataFrame | None = None) -> str:
    """The whole report as one HTML page with inline style, script and data (no network needed)."""
    data, strings = build_page_data(findings, segments, meta, scores)
    data_json, strings_text = script_json(data), strings.as_script_text()
    key = page_key(data_json, strings_text)
    total = len(segments) if segments is not None else 0
    return f"""<!DOCTYPE html>
<html lang="{_language(meta, "target")}" data-report-key="{key}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title lang="en">audit review</title>
<style>{STYLE}</style></head><body>
{_summary(findings, meta, total)}
<noscript><p lang="en">The segments, the findings table and the filters need JavaScript; the findings are also in the
CSV, JSON and SARIF reports.</p></noscript>
{_controls(findings)}
{_decisions_panel()}
{_views(findings, meta)}
<script type="application/json" id="audit-data">{data_json}</script>
<script type="text/plain" id="audit-strings">{strings_text}</script>
<script>{SCRIPT}</script>
</body></html>
"""
