"""The review page's style and script, inlined in every page (it works offline, from a file:// URL).

The script reads the data once (`#audit-data`: column arrays; `#audit-strings`: one visible string per
line, "<" written as U+E000) and builds only the current page of segments or findings, with textContent and createElement
(never innerHTML with input text). State lives in the URL hash (filters, view, page, sort) and the
reviewer's decisions in localStorage under the report's key; `#accept=FP,…&reject=FP,…&export=baseline`
(or `ignore`) sets decisions and writes the export into `#export-text` (for scripts and tests).
"""

STYLE = """
:root{--minor:#fff59d;--major:#ffcdd2;--critical:#e1bee7;--focus:#1a5fb4}
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;line-height:1.45}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.1em}.meta{color:#444}
.bars{display:flex;gap:3em;flex-wrap:wrap}.bar{display:flex;align-items:center;gap:.5em;margin:.2em 0}
.bar span.fill{display:inline-block;height:1em;background:#4a78b5}
.bar.critical span.fill{background:#8e24aa}.bar.major span.fill{background:#d32f2f}.bar.minor span.fill{background:#f9a825}
.controls{margin:1em 0;padding:.6em;background:#f3f3f3;display:flex;flex-wrap:wrap;gap:.6em 1.2em;align-items:center}
.controls label{white-space:nowrap}
button,select,input{font:inherit}
button{cursor:pointer;border:1px solid #888;border-radius:3px;background:#fff;padding:.1em .5em}
button[aria-pressed=true]{background:#234;color:#fff}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.views{display:flex;gap:.5em;margin:.6em 0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.3em .5em}
table.segments{table-layout:fixed}
table.segments col.where{width:8em}
table.segments tbody{border-top:1px solid #ccc}
table.segments td.text{white-space:pre-wrap;overflow-wrap:anywhere}
table.segments th{overflow-wrap:anywhere}
table.segments td.src,table.segments td.ref{color:#333;background:#fafafa}
.where .ln{font-size:.85em;color:#555;overflow-wrap:anywhere}.where .sc{display:block;font-size:.8em;color:#555}.where .sc span{display:block;font-weight:normal}
mark{padding:0 .1em;border-radius:2px}
mark.critical{background:var(--critical)}mark.major{background:var(--major)}mark.minor{background:var(--minor)}
mark.empty::after{content:"\\2041";color:#d32f2f}
mark.off{background:none}mark sup{font-size:.7em;color:#333}
ul.findings{margin:.1em 0 .4em 0;padding-left:.5em;list-style:none}
.n{color:#555;font-size:.85em}
li.finding{margin:.15em 0}li.finding.off{display:none}
.sev{display:inline-block;padding:0 .35em;border-radius:3px;font-size:.85em}
.sev.minor{background:var(--minor)}.sev.major{background:var(--major)}.sev.critical{background:var(--critical)}
.rule{font-weight:600}.cat{color:#555}.evidence{color:#222}.suggestion{color:#1b5e20}
.decide{margin-left:.5em;white-space:nowrap}
li.finding[data-decision=accept],tr[data-decision=accept]{opacity:.75}
li.finding[data-decision=false] .phrase,tr[data-decision=false] .phrase{text-decoration:line-through}
table.findings thead th{background:#eee;position:sticky;top:0}
table.findings th button{border:none;background:none;font-weight:600;padding:0}
table.findings tbody tr:nth-child(even){background:#f8f8f8}
table.findings td:nth-child(7){min-width:18em}table.findings td:nth-child(1){overflow-wrap:anywhere}
nav.pager{margin:.6em 0;display:flex;gap:.6em;align-items:center}
.decisions{margin:1em 0;padding:.6em;border:1px solid #ccc}
pre#export-text{max-height:20em;overflow:auto;background:#f6f6f6;padding:.5em}
.hint{color:#555;font-size:.9em}
@media print{
  .controls,.views,nav.pager,.decide,.decisions,.noprint{display:none!important}
  body{margin:0;font-size:10pt}
  mark{outline:1px solid #555}
  li.finding{break-inside:avoid}
  table.segments tbody{break-inside:avoid}
  [hidden]{display:none!important}
}
"""

SCRIPT = r"""
"use strict";
(function () {
const SEV = ["minor", "major", "critical"];
const DEFAULTS = {severity: "minor", rule: "", category: "", decision: "", flagged: "0", view: "segments",
                  page: "1", per: "200", sort: "", dir: "asc"};
const BASELINE_VERSION = 2;
const $ = (id) => document.getElementById(id);
let D, S, RAW, G, F, NSEG, NF, segFindings, codes, fkey, match, storeKey;
let state = Object.assign({}, DEFAULTS);
let decisions = {};

function el(tag, attrs, ...kids) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const kid of kids) if (kid !== null && kid !== undefined && kid !== "") node.append(kid);
  return node;
}
const s = (i) => S[i] || "";
const plural = (n, noun) => n + " " + noun + (n === 1 ? "" : "s");
const raw = (i) => (Object.prototype.hasOwnProperty.call(RAW, i) ? RAW[i] : s(i));

function load() {
  D = JSON.parse($("audit-data").textContent);
  S = $("audit-strings").textContent.replaceAll("\ue000", "<").split("\n");
  RAW = D.raw; G = D.segments; F = D.findings;
  NSEG = G.line.length; NF = F.line.length;
  storeKey = "audit-review:" + document.documentElement.dataset.reportKey;
  segFindings = new Array(NSEG);
  for (let f = 0; f < NF; f++) {
    const g = F.segment[f];
    if (g >= 0) (segFindings[g] || (segFindings[g] = [])).push(f);
  }
  const split = {};
  codes = new Array(NF); fkey = new Array(NF);
  const seen = {};
  for (let f = 0; f < NF; f++) {
    const r = F.rule[f];
    codes[f] = split[r] || (split[r] = s(r).split("+"));
    const fp = s(F.fingerprint[f]);
    seen[fp] = (seen[fp] || 0) + 1;
    fkey[f] = fp + "#" + seen[fp];
  }
  try { decisions = JSON.parse(localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { decisions = {}; }
}

function save() {
  try { localStorage.setItem(storeKey, JSON.stringify(decisions)); } catch (e) { /* private mode: keep in memory */ }
}

// ---- state <-> URL hash ----
function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  state = Object.assign({}, DEFAULTS);
  for (const k of Object.keys(DEFAULTS)) if (p.has(k)) state[k] = p.get(k);
  if (!SEV.includes(state.severity)) state.severity = "minor";
  if (!["segments", "findings"].includes(state.view)) state.view = "segments";
  if (!["50", "200", "1000"].includes(state.per)) state.per = "200";
  for (const [name, value] of [["accept", "accept"], ["reject", "false"]]) {
    const wanted = new Set((p.get(name) || "").split(",").filter(Boolean));
    if (wanted.size) for (let f = 0; f < NF; f++) if (wanted.has(s(F.fingerprint[f]))) decisions[fkey[f]] = value;
  }
  if (p.has("accept") || p.has("reject")) save();
  return p;
}
function writeHash() {
  const p = new URLSearchParams();
  for (const k of Object.keys(DEFAULTS)) if (state[k] !== DEFAULTS[k]) p.set(k, state[k]);
  const text = p.toString();
  history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
}
function syncControls() {
  for (const id of ["severity", "rule", "category", "decision", "per"]) {
    const node = $(id);
    node.value = state[id];
    if (node.value !== state[id]) { state[id] = DEFAULTS[id]; node.value = state[id]; }
  }
  $("flagged").checked = state.flagged === "1";
  for (const view of ["segments", "findings"]) {
    $("view-" + view).setAttribute("aria-pressed", String(state.view === view));
    $(view + "-view").hidden = state.view !== view;
  }
}

// ---- filtering ----
function computeMatch() {
  const min = SEV.indexOf(state.severity), rule = state.rule, decision = state.decision;
  let category = -2;
  if (state.category) category = S.indexOf(state.category);
  match = new Uint8Array(NF);
  let shown = 0;
  for (let f = 0; f < NF; f++) {
    let ok = F.severity[f] >= min && (rule === "" || codes[f].includes(rule))
      && (category === -2 || F.category[f] === category);
    if (ok && decision) ok = (decisions[fkey[f]] || "open") === decision;
    match[f] = ok ? 1 : 0;
    shown += match[f];
  }
  return shown;
}
function segmentList() {
  if (state.flagged !== "1") return null;  // every segment
  const list = [];
  for (let g = 0; g < NSEG; g++) {
    const fs = segFindings[g];
    if (fs && fs.some((f) => match[f])) list.push(g);
  }
  return list;
}

// ---- segments view ----
const HAS_SOURCE = () => G.source.some((i) => i > 0);
const HAS_REFERENCE = () => G.reference.some((i) => i > 0);
let hasSource, hasReference, oneFile;

function decideButtons(f) {
  const wrap = el("span", {class: "decide", role: "group", "aria-label": "decision"});
  for (const [value, label] of [["accept", "Accept"], ["false", "False alarm"]]) {
    const button = el("button", {type: "button", "data-f": f, "data-value": value,
                                 "aria-pressed": String(decisions[fkey[f]] === value)}, label);
    wrap.append(button);
  }
  return wrap;
}
function findingItem(f, n) {
  const sev = SEV[F.severity[f]];
  const item = el("li", {class: "finding " + sev + (match[f] ? "" : " off"), id: "f-" + f,
                         "data-decision": decisions[fkey[f]] || null, "data-rule": s(F.rule[f])},
    el("span", {class: "n"}, String(n) + "."), " ",
    el("span", {class: "sev " + sev}, sev), " ",
    el("span", {class: "rule"}, s(F.rule[f])), " ",
    el("span", {class: "cat"}, s(F.category[f])), " ",
    el("q", {class: "phrase", lang: s(G.tgt_lang[F.segment[f]]) || null}, s(F.phrase[f])), " ",
    el("span", {class: "evidence"}, s(F.evidence[f])));
  if (F.suggestion[f]) item.append(" ", el("span", {class: "suggestion"}, "suggestion: ",
                                           el("q", {}, s(F.suggestion[f]))));
  item.append(decideButtons(f));
  return item;
}
function markedTarget(g, fs, numbers) {
  const text = s(G.target[g]);
  const cell = el("td", {class: "text tgt", lang: s(G.tgt_lang[g]) || null});
  const order = fs.slice().sort((a, b) => F.start[a] - F.start[b] || F.end[b] - F.end[a]);
  let position = 0;
  const extra = [];
  const mark = (f) => el("mark", {class: SEV[F.severity[f]] + (F.start[f] === F.end[f] ? " empty" : "")
                                   + (match[f] ? "" : " off"), "data-f": f,
                                  title: s(F.rule[f]) + " · " + SEV[F.severity[f]] + ": " + s(F.evidence[f])},
                         text.slice(F.start[f], F.end[f]), el("sup", {"aria-hidden": "true"}, String(numbers.get(f))));
  for (const f of order) {
    if (F.start[f] < position) { extra.push(mark(f)); continue; }
    cell.append(text.slice(position, F.start[f]), mark(f));
    position = F.end[f];
  }
  cell.append(text.slice(position));
  for (const m of extra) cell.append(" ", m);
  return cell;
}
function scoreLine(g) {
  if (!G.bleu) return null;
  const parts = [];
  for (const [metric, label] of [["bleu", "BLEU"], ["chrf", "chrF"], ["ter", "TER"]]) {
    const v = G[metric][g];
    if (v !== null && v !== undefined) parts.push(label + " " + v.toFixed(1));
  }
  return parts.length ? el("span", {class: "sc"}, ...parts.map((p) => el("span", {}, p))) : null;
}
function segmentBody(g) {
  const fs = segFindings[g] || [];
  const numbers = new Map(fs.map((f, i) => [f, i + 1]));
  const body = el("tbody", {id: "seg-" + g, "data-findings": String(fs.length)});
  const row = el("tr", {},
    el("th", {scope: "row", class: "where"}, el("span", {class: "ln"}, oneFile ? String(G.line[g]) : s(G.file[g]) + ":" + G.line[g]),
       scoreLine(g)));
  if (hasSource) row.append(el("td", {class: "text src", lang: s(G.src_lang[g]) || null}, s(G.source[g])));
  row.append(markedTarget(g, fs, numbers));
  if (hasReference) row.append(el("td", {class: "text ref", lang: s(G.tgt_lang[g]) || null}, s(G.reference[g])));
  body.append(row);
  if (fs.length) {
    const list = el("ul", {class: "findings", "aria-label": "findings"});
    fs.forEach((f, i) => list.append(findingItem(f, i + 1)));
    body.append(el("tr", {class: "found"}, el("td", {}), el("td", {colspan: String(row.cells.length - 1)}, list)));
  }
  return body;
}
function renderSegments(list) {
  const total = list ? list.length : NSEG;
  const per = +state.per, pages = Math.max(1, Math.ceil(total / per));
  let page = Math.min(Math.max(1, parseInt(state.page, 10) || 1), pages);
  state.page = String(page);
  const table = $("segment-table");
  const bodies = document.createDocumentFragment();
  const first = (page - 1) * per, last = Math.min(total, first + per);
  for (let k = first; k < last; k++) bodies.append(segmentBody(list ? list[k] : k));
  for (const old of Array.from(table.tBodies)) old.remove();
  table.append(bodies);
  pager("segments-pager", page, pages, total, "segments");
}

// ---- findings table ----
const COLUMNS = [["file", "File"], ["line", "Line"], ["rule", "Rule"], ["severity", "Severity"],
                 ["category", "Category"], ["phrase", "Phrase"]];
function sortKey(column) {
  if (column === "line") return (f) => F.line[f];
  if (column === "severity") return (f) => F.severity[f];
  const field = F[column];
  return (f) => s(field[f]);
}
function tableList() {
  const list = [];
  for (let f = 0; f < NF; f++) if (match[f]) list.push(f);
  if (state.sort && COLUMNS.some(([c]) => c === state.sort)) {
    const key = sortKey(state.sort), sign = state.dir === "desc" ? -1 : 1;
    const keys = new Map(list.map((f) => [f, key(f)]));
    list.sort((a, b) => {
      const x = keys.get(a), y = keys.get(b);
      return (x < y ? -sign : x > y ? sign : 0) || (F.line[a] - F.line[b]) || a - b;
    });
  }
  return list;
}
function renderTable() {
  const list = tableList();
  const per = +state.per, pages = Math.max(1, Math.ceil(list.length / per));
  const page = Math.min(Math.max(1, parseInt(state.page, 10) || 1), pages);
  state.page = String(page);
  for (const th of $("findings-table").tHead.rows[0].cells) {
    const column = th.dataset.column;
    if (!column) continue;
    th.setAttribute("aria-sort", state.sort === column ? (state.dir === "desc" ? "descending" : "ascending") : "none");
  }
  const body = el("tbody", {});
  for (const f of list.slice((page - 1) * per, page * per)) {
    const g = F.segment[f];
    const where = g >= 0 ? el("button", {type: "button", class: "goto", "data-segment": g,
                                         "aria-label": "show segment " + s(F.file[f]) + ":" + F.line[f]}, String(F.line[f]))
                         : String(F.line[f]);
    const notes = el("td", {}, el("span", {class: "evidence"}, s(F.evidence[f])));
    if (F.suggestion[f]) notes.append(" ", el("span", {class: "suggestion"}, "suggestion: ", el("q", {}, s(F.suggestion[f]))));
    body.append(el("tr", {"data-f": f, "data-decision": decisions[fkey[f]] || null},
      el("td", {}, s(F.file[f])), el("td", {}, where), el("td", {class: "rule"}, s(F.rule[f])),
      el("td", {}, el("span", {class: "sev " + SEV[F.severity[f]]}, SEV[F.severity[f]])),
      el("td", {class: "cat"}, s(F.category[f])),
      el("td", {class: "phrase", lang: g >= 0 ? s(G.tgt_lang[g]) || null : null}, s(F.phrase[f])),
      notes, el("td", {}, decideButtons(f))));
  }
  const table = $("findings-table");
  for (const old of Array.from(table.tBodies)) old.remove();
  table.append(body);
  pager("findings-pager", page, pages, list.length, "findings");
}

function pager(id, page, pages, total, noun) {
  const nav = $(id);
  nav.replaceChildren(
    el("button", {type: "button", "data-page": page - 1, disabled: page <= 1 ? "" : null}, "← previous"),
    el("span", {"aria-live": "polite"}, "page " + page + " of " + pages + " (" + total + " " + noun + ")"),
    el("button", {type: "button", "data-page": page + 1, disabled: page >= pages ? "" : null}, "next →"));
}

// ---- decisions and export ----
function decided(value) {
  const out = [];
  for (let f = 0; f < NF; f++) if (decisions[fkey[f]] === value) out.push(f);
  return out;
}
function baselineText() {
  const entries = {};
  for (const f of decided("accept")) {
    const fp = s(F.fingerprint[f]);
    const entry = entries[fp] || (entries[fp] = {rule: s(F.rule[f]), phrase: raw(F.phrase[f]), file: raw(F.file[f]),
                                                 line: F.line[f], count: 0});
    entry.count += 1;
  }
  const sorted = {};
  for (const fp of Object.keys(entries).sort()) sorted[fp] = entries[fp];
  return JSON.stringify({tool: "audit", version: D.version, baseline_version: BASELINE_VERSION, findings: sorted},
                        null, 2) + "\n";
}
function tomlString(text) {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}
const globExact = (name) => name.replace(/[[*?]/g, (c) => "[" + c + "]");
function ignoreText() {
  const lines = ["# audit ignore file: the findings a reviewer marked \"false alarm\" on the review page.",
                 "# Each entry suppresses its rule's findings of this phrase in this file (check and gate read it).", ""];
  const seen = new Set();
  for (const f of decided("false")) {
    const rule = codes[f][0], phrase = raw(F.phrase[f]), file = raw(F.file[f]);
    const key = JSON.stringify([rule, phrase.toLowerCase(), file]);
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push("[[ignore]]", "rule = " + tomlString(rule), "phrase = " + tomlString(phrase),
               "file = " + tomlString(globExact(file)), "");
  }
  return lines.join("\n");
}
function showExport(kind) {
  const text = kind === "ignore" ? ignoreText() : baselineText();
  const out = $("export-text");
  out.textContent = text;
  out.dataset.kind = kind;
  out.hidden = false;
  return text;
}
function download(kind) {
  const text = showExport(kind);
  const name = kind === "ignore" ? "audit-ignore.toml" : "audit-baseline.json";
  const link = el("a", {href: URL.createObjectURL(new Blob([text], {type: "text/plain"})), download: name});
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}
function decisionCounts() {
  let accepted = 0, rejected = 0;
  for (let f = 0; f < NF; f++) {
    const d = decisions[fkey[f]];
    if (d === "accept") accepted++; else if (d === "false") rejected++;
  }
  $("decision-count").textContent = accepted + " accepted · " + plural(rejected, "false alarm") + " · " +
    (NF - accepted - rejected) + " open";
}

// ---- render ----
function render() {
  const shown = computeMatch();
  $("count").textContent = String(shown);
  if (state.view === "findings") renderTable(); else renderSegments(segmentList());
  decisionCounts();
  syncControls();
  writeHash();
}
function onChange(event) {
  const id = event.target.id;
  if (id === "flagged") state.flagged = event.target.checked ? "1" : "0";
  else state[id] = event.target.value;
  state.page = "1";
  render();
}
function onClick(event) {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.value) {
    const f = +button.dataset.f, key = fkey[f];
    decisions[key] = decisions[key] === button.dataset.value ? undefined : button.dataset.value;
    if (!decisions[key]) delete decisions[key];
    save();
    for (const other of document.querySelectorAll('button[data-f="' + f + '"]'))
      other.setAttribute("aria-pressed", String(decisions[key] === other.dataset.value));
    for (const holder of document.querySelectorAll('#f-' + f + ', tr[data-f="' + f + '"]'))
      if (decisions[key]) holder.dataset.decision = decisions[key]; else delete holder.dataset.decision;
    decisionCounts();
  } else if (button.dataset.page) {
    state.page = button.dataset.page; render();
    $(state.view + "-view").scrollIntoView();
  } else if (button.dataset.sort) {
    const column = button.dataset.sort;
    state.dir = state.sort === column && state.dir === "asc" ? "desc" : "asc";
    state.sort = column; state.page = "1"; render();
    $("findings-table").querySelector('th[data-column="' + column + '"] button').focus();
  } else if (button.dataset.view) {
    state.view = button.dataset.view; state.page = "1"; render();
  } else if (button.dataset.segment) {
    goToSegment(+button.dataset.segment);
  } else if (button.dataset.export) {
    download(button.dataset.export);
  } else if (button.id === "clear-decisions") {
    decisions = {}; save(); render();
  }
}
function goToSegment(g) {
  const list = segmentList();
  const position = list ? list.indexOf(g) : g;
  if (position < 0) { state.flagged = "0"; return goToSegment(g); }
  state.view = "segments";
  state.page = String(Math.floor(position / +state.per) + 1);
  render();
  const body = $("seg-" + g);
  body.tabIndex = -1;
  body.scrollIntoView();
  body.focus();
}

function benchFilters() {
  // #bench=1: time filter changes after the first page (read from data-* attributes by bench/review_page.py)
  const timings = [];
  const step = (name, change) => {
    const t = performance.now();
    change(); render();
    timings.push(name + ":" + (performance.now() - t).toFixed(1));
  };
  const rules = Array.from($("rule").options).map((o) => o.value).filter(Boolean);
  step("major+flagged", () => { state.severity = "major"; state.flagged = "1"; state.page = "1"; });
  step("rule", () => { state.rule = rules[0] || ""; });
  step("last-page", () => { state.page = "999999"; });
  step("table-by-phrase", () => { state.rule = ""; state.view = "findings"; state.sort = "phrase"; state.page = "1"; });
  step("back", () => { Object.assign(state, DEFAULTS); });
  document.documentElement.dataset.benchSteps = timings.join(" ");
}

function start() {
  const t0 = performance.now();
  load();
  hasSource = HAS_SOURCE(); hasReference = HAS_REFERENCE();
  oneFile = G.file.every((i) => i === G.file[0]);
  $("col-where").textContent = oneFile && NSEG ? "Line (" + s(G.file[0]) + ")" : "File:line";
  for (const [id, on] of [["col-source", hasSource], ["col-reference", hasReference]]) $(id).hidden = !on;
  const t1 = performance.now();
  const params = readHash();
  render();
  const t2 = performance.now();
  const root = document.documentElement.dataset;
  root.loadMs = t1.toFixed(1);
  root.parseMs = (t1 - t0).toFixed(1);
  root.renderedMs = t2.toFixed(1);
  root.firstRenderMs = (t2 - t1).toFixed(1);
  if (params.get("export")) showExport(params.get("export"));
  if (params.get("bench")) benchFilters();
  root.ready = "1";
  window.addEventListener("hashchange", () => { const p = readHash(); render(); if (p.get("export")) showExport(p.get("export")); });
  document.addEventListener("change", (e) => { if (e.target.closest(".controls")) onChange(e); });
  document.addEventListener("click", onClick);
}
document.addEventListener("DOMContentLoaded", start);
})();
"""
