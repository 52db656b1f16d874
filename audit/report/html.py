"""A self-contained HTML report: summary, charts by category and severity, every segment with its
suspect phrases highlighted (evidence and suggestion on hover), and filters by severity and rule.

Filters can be preset from the URL: report.html#severity=major&rule=LX001.
"""

from __future__ import annotations

import html
import json

from audit.lazy import pandas as pd

from audit.version import __version__
from audit.rules import SEVERITIES

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
h1{font-size:1.4em}.meta{color:#555}
.bars{display:flex;gap:3em;flex-wrap:wrap}.bar{display:flex;align-items:center;gap:.5em;margin:.2em 0}
.bar span.fill{display:inline-block;height:1em;background:#4a78b5}
.bar.critical span.fill{background:#8e24aa}.bar.major span.fill{background:#d32f2f}.bar.minor span.fill{background:#f9a825}
.controls{margin:1em 0;padding:.5em;background:#f3f3f3}
.segment{margin:.35em 0;padding:.2em .4em;border-left:3px solid #ddd;white-space:pre-wrap}
.segment .ln{color:#888;font-size:.8em;margin-right:.6em}
mark{padding:0 .1em;border-radius:2px;cursor:help}
mark.critical{background:#e1bee7}mark.major{background:#ffcdd2}mark.minor{background:#fff59d}
mark.empty::after{content:"⁁";color:#d32f2f}
mark.hidden{background:none;outline:none}
.segment.quiet{display:none}
"""

SCRIPT = """
const sev=["minor","major","critical"];
function apply(){
  const min=sev.indexOf(document.getElementById("severity").value);
  const rule=document.getElementById("rule").value;
  let shown=0;
  document.querySelectorAll("mark").forEach(m=>{
    const ok=sev.indexOf(m.dataset.severity)>=min&&(rule===""||m.dataset.rule.split("+").includes(rule));
    m.classList.toggle("hidden",!ok); if(ok) shown++;
  });
  document.querySelectorAll(".segment").forEach(s=>{
    const only=document.getElementById("flagged").checked;
    s.classList.toggle("quiet",only&&!s.querySelector("mark:not(.hidden)"));
  });
  document.getElementById("count").textContent=shown;
}
function fromHash(){
  const p=new URLSearchParams(location.hash.slice(1));
  if(p.get("severity")) document.getElementById("severity").value=p.get("severity");
  if(p.get("rule")) document.getElementById("rule").value=p.get("rule");
  apply();
}
window.addEventListener("hashchange",fromHash);
document.addEventListener("DOMContentLoaded",()=>{
  ["severity","rule","flagged"].forEach(id=>document.getElementById(id).addEventListener("change",apply));
  fromHash();
});
"""



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


def _mark(row, text: str) -> str:
    tip = f"{row.rule} · {row.category} · {row.severity}\n{row.evidence}"
    if row.suggestion:
        tip += f"\nsuggestion: {row.suggestion}"
    klass = f"{row.severity}{' empty' if row.start == row.end else ''}"
    return (f'<mark class="{klass}" data-severity="{row.severity}" data-rule="{_escape(row.rule)}" '
            f'title="{_escape(tip)}">{_escape(text)}</mark>')


def _highlight(text: str, rows: list) -> str:
    """The segment with one <mark> per finding; a finding overlapping an earlier one is marked after it."""
    out, position, extra = [], 0, []
    for row in sorted(rows, key=lambda r: (r.start, -r.end)):
        if row.start < position:
            extra.append(_mark(row, text[row.start:row.end]))
            continue
        out.append(_escape(text[position:row.start]))
        out.append(_mark(row, text[row.start:row.end]))
        position = row.end
    out.append(_escape(text[position:]))
    return "".join(out) + ("" if not extra else " " + " ".join(extra))


def render_html(findings: pd.DataFrame, segments: pd.DataFrame, meta: dict) -> str:
    """The whole report as one HTML page with inline style and script (no network needed)."""
    counts = meta.get("counts", {})
    by_severity = {s: int((findings["severity"] == s).sum()) for s in reversed(SEVERITIES)}
    by_category = findings["category"].value_counts().sort_index().to_dict()
    rules = sorted({r for codes in findings["rule"] for r in codes.split("+")})
    grouped: dict[tuple[str, int], list] = {}
    for row in findings.itertuples():
        grouped.setdefault((row.file, int(row.line)), []).append(row)
    body = []
    for seg in segments.itertuples():
        rows = grouped.get((seg.file, int(seg.line)), [])
        if not seg.target.strip() and not rows:
            continue
        body.append(f'<div class="segment" id="{_escape(seg.file)}:{seg.line}"><span class="ln">'
                    f'{_escape(seg.file)}:{seg.line}</span>{_highlight(seg.target, rows)}</div>')
    options = "".join(f'<option value="{_escape(r)}">{_escape(r)}</option>' for r in rules)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>audit report</title>
<style>{STYLE}</style><script>{SCRIPT}</script></head><body>
<h1>Translation audit</h1>
<p class="meta">audit {_escape(__version__)} · {counts.get('segments', len(segments))} segments ·
{counts.get('words', 0)} words · {len(findings)} findings · signature <code>{_escape(meta.get('signature', ''))}</code></p>
<div class="bars"><div><h2>By severity</h2>{_bars(by_severity, {s: s for s in SEVERITIES})}</div>
<div><h2>By category</h2>{_bars(by_category)}</div></div>
<div class="controls">Severity at least <select id="severity"><option value="minor">minor</option>
<option value="major">major</option><option value="critical">critical</option></select>
Rule <select id="rule"><option value="">all</option>{options}</select>
<label><input type="checkbox" id="flagged"> only segments with findings</label>
· <span id="count">{len(findings)}</span> shown</div>
{chr(10).join(body)}
<script type="application/json" id="findings">{_escape(json.dumps(len(findings)))}</script>
</body></html>
"""
