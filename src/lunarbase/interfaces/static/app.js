/* lunarbase live: the page of `lunarbase serve`. Plain JS, no build step; talks only to its own server (/api). */
"use strict";

const lunarbase = (window.lunarbase = { tabs: {} });

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
};

/* --- numbers as people read them --------------------------------------------------------------------------- */
const PREFIX = [[1e24, "Y"], [1e21, "Z"], [1e18, "E"], [1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];
function fmtNumber(v, digits = 3) {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  if (typeof v !== "number") return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(digits - 1).replace("e+", "e");
  return Number(v.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 6 });
}
function fmtQuantity(q, digits = 3) {
  if (q === null || q === undefined) return "—";
  if (typeof q !== "object") return typeof q === "boolean" ? (q ? "yes" : "no") : fmtNumber(q, digits);
  const { value, unit } = q;
  if (value === null || value === undefined) return "—";
  const u = (unit || "").replace(/\s+/g, "");
  if (/^(W|FLOP|J)/.test(u)) {  // SI prefixes where people use them
    for (const [f, p] of PREFIX) {
      if (Math.abs(value) >= f) return `${fmtNumber(value / f, digits)} ${p}${unit}`;
    }
  }
  return `${fmtNumber(value, digits)} ${unit || ""}`.trim();
}
const fmtYear = (y) => (y === null || y === undefined ? "never (by the horizon)" : y.toFixed(1));

/* --- the API ---------------------------------------------------------------------------------------------------- */
async function api(path, body, { method, signal } = {}) {
  const init = { method: method || (body === undefined ? "GET" : "POST"), signal, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const isJson = (res.headers.get("content-type") || "").includes("json");
  const data = isJson ? await res.json() : await res.blob();
  if (!res.ok) {
    const detail = isJson && data && data.detail ? data.detail : `${res.status} ${res.statusText}`;
    const err = new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
    err.status = res.status;
    throw err;
  }
  return { data, res };
}
function showError(box, err) {
  if (!err) { box.hidden = true; box.textContent = ""; return; }
  box.hidden = false;
  box.textContent = err.message || String(err);
}
const setStatus = (text) => { $("#status").textContent = text; };

/* --- state: the scenario, held in the URL's hash so a link reproduces the view ----------------------------- */
const state = {
  preset: null, toml: null, tomlName: null, years: "", sets: {}, // sets: path -> "path=value unit"
  base: {}, fields: {}, presets: [], routes: [], labels: null, tab: "run", baseline: null, lastRun: null,
  swarm: { year: null, satellites: null },  // the swarm tab's year and satellites, once chosen or read from a link
};
function request() {
  const body = { set: Object.values(state.sets) };
  if (state.toml !== null) body.toml = state.toml; else body.scenario = state.preset;
  if (state.years.trim()) body.years = state.years.trim();
  return body;
}
const b64 = {
  enc: (s) => btoa(unescape(encodeURIComponent(s))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  dec: (s) => decodeURIComponent(escape(atob(s.replace(/-/g, "+").replace(/_/g, "/")))),
};
const MAX_TOML_IN_LINK = 6000;
function writeHash() {
  const p = new URLSearchParams();
  p.set("tab", state.tab);
  if (state.toml !== null) {
    if (state.toml.length <= MAX_TOML_IN_LINK) p.set("toml", b64.enc(state.toml));
  } else p.set("preset", state.preset);
  if (state.years.trim()) p.set("years", state.years.trim());
  for (const s of Object.values(state.sets)) p.append("set", s);
  if (state.swarm.year !== null) p.set("year", state.swarm.year);
  if (state.swarm.satellites !== null) p.set("satellites", state.swarm.satellites);
  history.replaceState(null, "", "#" + p.toString());
}
function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const out = { tab: p.get("tab"), preset: p.get("preset"), years: p.get("years") || "", sets: {}, toml: null,
                year: p.get("year"), satellites: p.get("satellites") };
  if (p.get("toml")) { try { out.toml = b64.dec(p.get("toml")); } catch (e) { out.toml = null; } }
  for (const s of p.getAll("set")) {
    const i = s.indexOf("=");
    if (i > 0) out.sets[s.slice(0, i).trim()] = s;
  }
  return out;
}

/* --- parameters -------------------------------------------------------------------------------------------------- */
function rangeText(f) {
  const lo = f.min === undefined || f.min === null ? null : `${f.exclusive_min ? ">" : "≥"} ${fmtNumber(f.min, 6)}`;
  const hi = f.max === undefined || f.max === null ? null : `${f.exclusive_max ? "<" : "≤"} ${fmtNumber(f.max, 6)}`;
  if (f.kind === "choice") return `one of ${f.choices.join(", ")}`;
  const parts = [lo, hi].filter(Boolean);
  return parts.length ? `allowed ${parts.join(" and ")}${f.unit ? " " + f.unit : ""}` : "any value";
}
function setString(f, raw) {
  if (f.kind === "bool") return `${f.path}=${raw ? "true" : "false"}`;
  if (f.kind === "choice" || f.kind === "text") return `${f.path}=${JSON.stringify(String(raw))}`;
  return `${f.path}=${raw}${f.kind === "quantity" && f.unit ? " " + f.unit : ""}`;
}
function valueOfSet(f, s) {
  let text = s.slice(s.indexOf("=") + 1).trim();
  if (f.kind === "bool") return text === "true";
  if (f.kind === "choice" || f.kind === "text") { try { return JSON.parse(text); } catch (e) { return text.replace(/^"|"$/g, ""); } }
  const m = text.match(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/);
  return m ? Number(m[0]) : text;
}
function sliderFor(f) {
  if (!(f.kind === "quantity" || f.kind === "number" || f.kind === "integer") || typeof f.value !== "number") return null;
  const lo = typeof f.min === "number" ? f.min : null, hi = typeof f.max === "number" ? f.max : null;
  if (lo !== null && hi !== null && hi - lo <= 1e4 && hi > lo) {
    return { log: false, min: lo, max: hi, toSlider: (v) => v, fromSlider: (s) => s };
  }
  if (f.value > 0) { // a decade either side of the preset's value, on a log scale, within the bounds
    const a = Math.max(f.value / 10, lo !== null && lo > 0 ? lo : 0), b = hi !== null ? Math.min(f.value * 10, hi) : f.value * 10;
    if (a <= 0 || b <= a) return null;
    return { log: true, min: Math.log10(a), max: Math.log10(b), toSlider: (v) => Math.log10(Math.max(v, a)),
             fromSlider: (s) => Number((10 ** s).toPrecision(3)) };
  }
  return null;
}
function fieldId(path) { return "p-" + path.replace(/[^A-Za-z0-9_-]/g, "-"); }

function renderParams(schema) {
  const box = $("#params");
  box.textContent = "";
  state.fields = {};
  state.base = {};
  const open = new Set(["horizon", "mass_driver"]);
  for (const [section, fields] of Object.entries(schema.sections)) {
    const details = el("details", { class: "section", "data-section": section, open: open.has(section) });
    details.append(el("summary", { text: section.replace(/_/g, " ") }));
    for (const f of fields) {
      state.fields[f.path] = f;
      state.base[f.path] = f.value;
      const id = fieldId(f.path);
      const tip = `${f.path}${f.unit ? " [" + f.unit + "]" : ""}\n${rangeText(f)}\nsource: ${f.source}`;
      let input;
      if (f.kind === "choice") {
        input = el("select", { id, title: tip });
        for (const c of f.choices) input.append(el("option", { value: c, text: c }));
        input.value = f.value;
      } else if (f.kind === "bool") {
        input = el("input", { id, type: "checkbox", title: tip });
        input.checked = !!f.value;
      } else if (f.kind === "text") {
        input = el("input", { id, type: "text", title: tip, value: f.value ?? "" });
      } else {
        input = el("input", { id, type: "number", step: "any", title: tip, value: f.value ?? "",
                              min: f.min ?? null, max: f.max ?? null, inputmode: "decimal" });
      }
      input.dataset.path = f.path;
      const row = el("div", { class: "field", "data-path": f.path, "data-search": f.path.toLowerCase() });
      row.append(el("label", { for: id, title: tip, text: f.name.replace(/_/g, " ") }));
      const control = el("div", { class: "control" }, input, el("span", { class: "unit", title: tip, text: f.unit || "" }));
      row.append(control);
      const sl = sliderFor(f);
      if (sl) {
        const slider = el("input", { type: "range", class: "slider", min: sl.min, max: sl.max,
                                     step: (sl.max - sl.min) / 200, "aria-label": `${f.name} (slider)`, title: tip });
        slider.value = sl.toSlider(f.value);
        slider.addEventListener("input", () => {
          input.value = f.kind === "integer" ? Math.round(sl.fromSlider(Number(slider.value))) : sl.fromSlider(Number(slider.value));
          changed(f, input);
        });
        input._slider = { slider, sl };
        row.append(slider);
      }
      const reset = el("button", { type: "button", class: "reset", title: `Reset ${f.path} to the scenario's value`,
                                   "aria-label": `Reset ${f.path}`, text: "↺" });
      reset.addEventListener("click", () => { delete state.sets[f.path]; showValue(f); scheduleRun(); });
      row.append(reset);
      row.append(el("p", { class: "source small muted", text: f.source }));
      input.addEventListener(f.kind === "bool" || f.kind === "choice" ? "change" : "input", () => changed(f, input));
      details.append(row);
    }
    box.append(details);
  }
}
function inputOf(path) { return document.getElementById(fieldId(path)); }
function showValue(f) {
  const input = inputOf(f.path);
  if (!input) return;
  const v = f.path in state.sets ? valueOfSet(f, state.sets[f.path]) : state.base[f.path];
  if (f.kind === "bool") input.checked = !!v; else input.value = v ?? "";
  if (input._slider && typeof v === "number") input._slider.slider.value = input._slider.sl.toSlider(v);
  markChanged();
}
function changed(f, input) {
  const raw = f.kind === "bool" ? input.checked : input.value;
  if (raw === "" && f.kind !== "text") return;
  const same = f.kind === "bool" || f.kind === "choice" || f.kind === "text" ? raw === state.base[f.path]
    : Number(raw) === state.base[f.path];
  if (same) delete state.sets[f.path]; else state.sets[f.path] = setString(f, raw);
  if (input._slider && f.kind !== "bool") input._slider.slider.value = input._slider.sl.toSlider(Number(raw));
  markChanged();
  scheduleRun();
}
function markChanged() {
  for (const row of $$(".field")) row.classList.toggle("changed", row.dataset.path in state.sets);
  for (const d of $$("details.section")) {
    d.classList.toggle("has-changed", !!$(".field.changed", d));
  }
  const n = Object.keys(state.sets).length;
  $("#changed-count").textContent = n ? `${n} parameter${n > 1 ? "s" : ""} changed from the scenario (highlighted)` : "";
}
function markInvalid(message) {
  for (const row of $$(".field.invalid")) row.classList.remove("invalid");
  for (const line of (message || "").split("\n")) {
    const path = line.split(":")[0].trim();
    const row = $(`.field[data-path="${CSS.escape(path)}"]`);
    if (row) { row.classList.add("invalid"); row.closest("details").open = true; }
  }
}

/* --- the run ----------------------------------------------------------------------------------------------------- */
let timer = null, inflight = null, seq = 0;
function scheduleRun() {
  writeHash();
  clearTimeout(timer);
  timer = setTimeout(runNow, 150);
}
async function runNow() {
  const mine = ++seq;
  if (inflight) inflight.abort();
  inflight = new AbortController();
  const t0 = performance.now();
  setStatus("running…");
  try {
    const { data, res } = await api("/api/run", request(), { signal: inflight.signal });
    if (mine !== seq) return;
    showError($("#run-error"), null);
    markInvalid("");
    if (!Object.keys(state.sets).length) state.baseline = data;  // the scenario as loaded: what changes are set against
    renderRun(data);
    const server = res.headers.get("x-run-ms"), cached = res.headers.get("x-run-cache") === "hit";
    setStatus(`${data.scenario}: ${Math.round(performance.now() - t0)} ms` +
              (cached ? " (asked before: from the server's cache)" : server ? ` (server ${server} ms)` : ""));
  } catch (err) {
    if (err.name === "AbortError" || mine !== seq) return;
    showError($("#run-error"), err);
    markInvalid(err.message);
    setStatus("not run: see the message");
  }
}
async function loadBaseline() {
  const body = { ...request(), set: [] };
  try { state.baseline = (await api("/api/run", body)).data; } catch (e) { state.baseline = null; }
}
function table(node, head, rows) {
  node.textContent = "";
  const thead = el("thead"), tr = el("tr");
  for (const h of head) tr.append(el("th", { scope: "col", text: h }));
  thead.append(tr);
  const tbody = el("tbody");
  for (const r of rows) {
    const row = el("tr");
    r.forEach((c, i) => row.append(c instanceof Node ? el(i ? "td" : "th", i ? {} : { scope: "row" }, c)
                                                      : el(i ? "td" : "th", i ? { text: c } : { scope: "row", text: c })));
    tbody.append(row);
  }
  node.append(thead, tbody);
}
function delta(now, then) {
  if (then === undefined) return "";
  if (now === then) return "±0";
  if (now === null) return "now never";
  if (then === null) return "newly reached";
  const d = now - then;
  return `${d > 0 ? "+" : ""}${d.toFixed(1)} yr`;
}
function renderRun(r) {
  state.lastRun = r;
  $("#run-title").textContent = `Milestones — ${r.scenario}`;
  $("#run-description").textContent = r.description || "";
  const labels = state.labels.milestones, base = state.baseline && state.baseline.scenario === r.scenario ? state.baseline : null;
  table($("#milestones"), ["milestone", "year", "vs the scenario as loaded"],
        Object.entries(r.milestones).map(([k, y]) => [labels[k] || k, fmtYear(y), base ? delta(y, base.milestones[k]) : ""]));
  $$("#milestones tbody tr").forEach((tr, i) => {
    tr.dataset.milestone = Object.keys(r.milestones)[i];
    tr.classList.toggle("moved", !["", "±0"].includes(tr.lastElementChild.textContent));
  });
  $("#ticker").textContent = Object.entries(r.milestones).slice(0, 3)
    .map(([k, y]) => `${labels[k] || k}: ${y === null ? "never" : y.toFixed(1)}`).join("  ·  ");
  const yearly = state.labels.yearly;
  table($("#final"), ["figure", `${r.final.year}`],
        Object.entries(r.final).filter(([k]) => k !== "year").map(([k, q]) => [yearly[k] ? yearly[k].label : k, fmtQuantity(q)]));
  table($("#binding"), ["from", "to", "binding constraint"],
        r.binding_periods.map((p) => [String(p.from), String(p.to), p.constraint]));
  const lc = r.levelized_cost;
  table($("#levelized"), ["measure", "value"], [
    ["per PFLOP/s-year delivered", fmtQuantity(lc.per_pflops_year)],
    ["per accelerator-hour (H100 equivalent)", fmtQuantity(lc.per_accelerator_hour)],
    ["H100 rented today, per hour", `${fmtQuantity(lc.reference.per_accelerator_hour.low)} – ${fmtQuantity(lc.reference.per_accelerator_hour.high)}`],
    ["discount rate", `${(lc.discount_rate * 100).toFixed(1)} %`],
  ]);
  drawRunCharts(r);
}

/* --- charts (Plotly, served by this server) ---------------------------------------------------------------------- */
const RUN_CHARTS = [
  { title: "Compute", keys: ["installed_compute", "compute_launched"], log: true },
  { title: "Mass to orbit", keys: ["launch_capacity", "mass_launched", "earth_mass_landed"], log: true },
  { title: "Power", keys: ["surface_power", "power_used"], log: true },
  { title: "Spending", keys: ["spend", "cumulative_spend"], log: true },
  { title: "Levelized cost to date", keys: ["levelized_cost_to_date"], log: true },
];
const LAYOUT = { margin: { l: 60, r: 10, t: 36, b: 40 }, height: 300, legend: { orientation: "h", y: -0.2 },
                 font: { size: 12 } };
const CONFIG = { responsive: true, displaylogo: false };
function chartNode(container, id) {
  let node = document.getElementById(id);
  if (!node) { node = el("div", { id, class: "chart", role: "img" }); container.append(node); }
  return node;
}
function series(r, key) {
  const s = r.series[key];
  if (s === undefined) return null;
  return Array.isArray(s) ? { value: s, unit: "" } : s;
}
function drawRunCharts(r) {
  if (!window.Plotly) return;
  const box = $("#charts");
  RUN_CHARTS.forEach((c, i) => chartNode(box, `chart-${i}`));  // all placed first: each draws at its final width
  chartNode(box, "chart-binding");
  for (const [i, c] of RUN_CHARTS.entries()) {
    const traces = [];
    for (const k of c.keys) {
      const s = series(r, k);
      if (!s || !s.value.some((v) => v)) continue;
      traces.push({ x: r.series.year, y: s.value.map((v) => (c.log && v <= 0 ? null : v)), name: `${state.labels.yearly[k].label} [${s.unit}]`,
                    mode: "lines" });
    }
    const base = state.baseline;  // the scenario as loaded, dashed grey, once something is changed
    if (base && base !== r && base.scenario === r.scenario && Object.keys(state.sets).length) {
      for (const k of c.keys) {
        const s = series(base, k);
        if (!s || !s.value.some((v) => v)) continue;
        traces.push({ x: base.series.year, y: s.value.map((v) => (c.log && v <= 0 ? null : v)), mode: "lines",
                      name: `${state.labels.yearly[k].label}, as loaded`, line: { dash: "dot", color: "#999", width: 1.5 } });
      }
    }
    const node = chartNode(box, `chart-${i}`);
    node.setAttribute("aria-label", `${c.title} by year`);
    Plotly.react(node, traces, { ...LAYOUT, title: { text: c.title }, yaxis: { type: c.log ? "log" : "linear", exponentformat: "SI" } }, CONFIG);
  }
  const node = chartNode(box, "chart-binding");
  node.setAttribute("aria-label", "Binding constraint by year");
  Plotly.react(node, [{ x: r.series.year, y: r.series.binding, mode: "markers", marker: { size: 6 }, name: "binding" }],
               { ...LAYOUT, title: { text: "Binding constraint by year" }, yaxis: { type: "category", automargin: true } }, CONFIG);
}

/* --- downloads ----------------------------------------------------------------------------------------------------- */
async function download(fmt) {
  try {
    const { data, res } = await api(`/api/download/${fmt}`, request());
    const name = ((res.headers.get("content-disposition") || "").match(/filename="([^"]+)"/) || [])[1] || `lunarbase.${fmt}`;
    const url = URL.createObjectURL(data);
    const a = el("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setStatus(`downloaded ${name}`);
  } catch (err) { showError($("#run-error"), err); }
}

/* --- scenario loading ---------------------------------------------------------------------------------------------- */
async function loadScenario({ keepSets = false } = {}) {
  if (!keepSets) state.sets = {};
  const body = state.toml !== null ? { toml: state.toml } : { scenario: state.preset };
  try {
    const { data } = await api("/api/parameters", body);
    renderParams(data);
    for (const f of Object.values(state.fields)) if (f.path in state.sets) showValue(f);
    markChanged();
    for (const d of $$("details.section.has-changed")) d.open = true;  // a shared link shows what it changed
    showError($("#run-error"), null);
    state.baseline = null;
    if (Object.keys(state.sets).length) await loadBaseline();  // a shared link: its changes against the scenario
    await runNow();
  } catch (err) {
    showError($("#run-error"), err);
    setStatus("the scenario could not be loaded");
  }
  writeHash();
}

lunarbase.tabs.run = {
  async init() {
    const sel = $("#preset");
    for (const p of state.presets) sel.append(el("option", { value: p.name, text: p.name, title: p.description }));
    sel.append(el("option", { value: "", text: "(uploaded file)", disabled: true }));
    sel.value = state.toml !== null ? "" : state.preset;
    sel.addEventListener("change", () => { state.preset = sel.value; state.toml = null; $("#upload").value = ""; loadScenario(); });
    $("#upload").addEventListener("change", async (ev) => {
      const file = ev.target.files[0];
      if (!file) return;
      if (file.size > 1_000_000) { showError($("#run-error"), new Error("scenario: the file is over 1 MB; expected a TOML scenario")); return; }
      state.toml = await file.text();
      state.tomlName = file.name;
      sel.value = "";
      loadScenario();
    });
    const years = $("#years");
    years.value = state.years;
    years.addEventListener("input", () => { state.years = years.value; scheduleRun(); });
    $("#reset-all").addEventListener("click", () => { state.sets = {}; for (const f of Object.values(state.fields)) showValue(f); scheduleRun(); });
    $("#copy-link").addEventListener("click", async () => {
      writeHash();
      try { await navigator.clipboard.writeText(location.href); setStatus("link copied"); }
      catch (e) { setStatus(`link: ${location.href}`); }
    });
    for (const b of $$("[data-download]")) b.addEventListener("click", () => download(b.dataset.download));
    $("#filter").addEventListener("input", (ev) => {
      const q = ev.target.value.trim().toLowerCase();
      for (const row of $$(".field")) row.hidden = q !== "" && !row.dataset.search.includes(q);
      for (const d of $$("details.section")) {
        if (q) d.open = $$(".field", d).some((r) => !r.hidden);
      }
    });
    await loadScenario({ keepSets: true });
  },
};

/* --- compare ------------------------------------------------------------------------------------------------------- */
lunarbase.tabs.compare = {
  init() {
    const box = $("#compare-routes");
    for (const p of state.presets) {
      const id = `route-${p.name}`;
      box.append(el("label", { class: "inline", for: id, title: p.description },
                    el("input", { type: "checkbox", id, value: p.name, checked: state.routes.includes(p.name) }), ` ${p.name}`));
    }
    $("#compare-go").addEventListener("click", () => this.run());
  },
  async run() {
    const routes = $$("#compare-routes input:checked").map((i) => i.value);
    const body = { routes };
    if ($("#compare-overrides").checked) { body.set = Object.values(state.sets); if (state.years.trim()) body.years = state.years.trim(); }
    setStatus("comparing…");
    const t0 = performance.now();
    try {
      const { data } = await api("/api/compare", body);
      showError($("#compare-error"), null);
      const ms = Object.keys(state.labels.milestones);
      table($("#compare-table"), ["route", ...ms.map((k) => state.labels.milestones[k]), "per PFLOP/s-year", "binding at the horizon"],
            data.routes.map((r) => [r.scenario, ...ms.map((k) => fmtYear(r.milestones[k])), fmtQuantity(r.levelized_cost.per_pflops_year),
                                    r.series.binding[r.series.binding.length - 1]]));
      const keys = Object.keys(data.routes[0].series).filter((k) => k !== "year" && k !== "binding");
      const box = $("#compare-charts");
      const nodes = keys.map((k, i) => chartNode(box, `compare-chart-${i}`));  // all placed first: each draws at its width
      keys.forEach((k, i) => {
        const node = nodes[i];
        const traces = data.routes.map((r) => { const s = series(r, k); return { x: r.series.year, y: s.value.map((v) => (v > 0 ? v : null)), name: r.scenario, mode: "lines" }; });
        const unit = series(data.routes[0], k).unit;
        node.setAttribute("aria-label", `${k} by route`);
        if (window.Plotly) Plotly.react(node, traces, { ...LAYOUT, title: { text: `${state.labels.yearly[k] ? state.labels.yearly[k].label : k}${unit ? " [" + unit + "]" : ""}` }, yaxis: { type: "log", exponentformat: "SI" } }, CONFIG);
      });
      setStatus(`compared ${data.routes.length} routes in ${Math.round(performance.now() - t0)} ms`);
    } catch (err) { showError($("#compare-error"), err); setStatus("not compared: see the message"); }
  },
};

/* --- launches ------------------------------------------------------------------------------------------------------ */
function launchBody(kind) {
  const f = new FormData($("#launch-form"));
  const body = {};
  for (const [k, v] of f.entries()) if (String(v).trim() !== "") body[k] = String(v).trim();
  if (kind === "windows") delete body.date; else { delete body.span; delete body.target; delete body.delta_v_budget; }
  return body;
}
lunarbase.tabs.launches = {
  init() {
    $("#windows-go").addEventListener("click", () => this.windows());
    $("#depart-go").addEventListener("click", () => this.depart());
  },
  async windows() {
    setStatus("finding windows…");
    try {
      const { data } = await api("/api/windows", launchBody("windows"));
      showError($("#launch-error"), null);
      const out = $("#launch-out");
      out.textContent = "";
      out.append(el("p", { text: `${data.site}: ${data.launches} launches; ${(data.escape_share * 100).toFixed(1)} % escape, ` +
                                 `${(data.target_share * 100).toFixed(1)} % reach '${data.target}'. ${data.note || ""}` }));
      const t = el("table");
      out.append(el("div", { class: "scroll" }, t));
      table(t, ["synodic month from", "launches", "reaching", "windows"],
            data.months.map((m) => [m.month_start.slice(0, 16), String(m.launches), String(m.reaching),
                                    m.windows.map((w) => `${w.start.slice(0, 16)} → ${w.end.slice(0, 16)}`).join("; ") || "—"]));
      const node = chartNode($("#launch-charts"), "launch-chart");
      node.setAttribute("aria-label", "Launches reaching the target per synodic month");
      if (window.Plotly) Plotly.react(node, [{ x: data.months.map((m) => m.month_start), y: data.months.map((m) => m.reaching), type: "bar", name: "reaching" }],
                                      { ...LAYOUT, title: { text: "Launches reaching the target, per synodic month" } }, CONFIG);
      setStatus("windows found");
    } catch (err) { showError($("#launch-error"), err); setStatus("no windows: see the message"); }
  },
  async depart() {
    setStatus("departing…");
    try {
      const { data } = await api("/api/depart", launchBody("depart"));
      showError($("#launch-error"), null);
      const out = $("#launch-out");
      out.textContent = "";
      out.append(el("p", { text: `${data.site} at ${fmtQuantity(data.exit_speed)}, azimuth ${fmtQuantity(data.track_azimuth)}. ${data.note || ""}` }));
      for (const rec of data.launches.slice(0, 20)) {
        const t = el("table");
        out.append(el("div", { class: "scroll" }, t));
        table(t, ["launch", rec.date], Object.entries(rec).filter(([k]) => k !== "date").map(([k, v]) => [k.replace(/_/g, " "), fmtQuantity(v, 4)]));
      }
      setStatus("departed");
    } catch (err) { showError($("#launch-error"), err); setStatus("not departed: see the message"); }
  },
};

/* --- swarm --------------------------------------------------------------------------------------------------------- */
const AU_M = 1.495978707e11;
const SWARM_SKIP = new Set(["scenario", "year", "points", "departure", "sampled", "weighted"]);
const isQuantity = (v) => v !== null && typeof v === "object" && "value" in v && "unit" in v;
function fmtSwarm(key, q) {  // {value, unit} as people read it: distances in AU or km, times in minutes, shares in %
  if (typeof q === "number" && /share|fraction|mix/.test(key)) return `${fmtNumber(100 * q, 3)} %`;
  if (!isQuantity(q)) return typeof q === "number" ? fmtNumber(q, 4) : String(q);
  const { value, unit } = q;
  if (value === null) return "—";
  if (unit === "m") return Math.abs(value) >= 1e9 ? `${fmtNumber(value / AU_M, 3)} AU` : `${fmtNumber(value / 1e3, 3)} km`;
  if (unit === "s" && Math.abs(value) >= 120) return `${fmtNumber(value / 60, 3)} min`;
  if (unit === "" && /share|fraction/.test(key)) return `${fmtNumber(100 * value, 3)} %`;
  if (key === "satellites") return Math.round(value).toLocaleString("en-US");
  return fmtQuantity(q, 3);
}
function swarmRows(data) {  // every field of the JSON but the bookkeeping: a quantity, or p05/p50/p95 of one
  const rows = [];
  for (const [k, v] of Object.entries(data)) {
    if (SWARM_SKIP.has(k) || v === null || v === undefined) continue;
    const label = k.replace(/_/g, " ");
    if (isQuantity(v) || typeof v === "number") rows.push([label, [fmtSwarm(k, v)]]);
    else if (typeof v === "object" && Object.values(v).every(isQuantity)) {
      const ks = Object.keys(v);
      if (ks.join() === "p05,p50,p95") rows.push([label, ks.map((p) => fmtSwarm(k, v[p]))]);
      else rows.push([`${label} (${ks.join(", ")})`, [ks.map((p) => fmtSwarm(k, v[p])).join(" · ")]]);
    } else if (typeof v === "object" && Object.values(v).every((x) => typeof x === "number")) {
      for (const [sub, x] of Object.entries(v)) rows.push([`${label}: ${sub.replace(/_/g, " ")}`, [fmtSwarm(k, x)]]);
    }
  }
  return rows;
}
function renderSwarmTable(data) {  // value (or the median), then the 5th and 95th percentiles where there are some
  const node = $("#swarm-table");
  node.textContent = "";
  const head = el("tr", {}, ...["figure", "value (median)", "p05", "p95"].map((h) => el("th", { scope: "col", text: h })));
  const body = el("tbody");
  for (const [label, cells] of swarmRows(data)) {
    const tr = el("tr", { "data-figure": label }, el("th", { scope: "row", text: label }));
    const shown = cells.length === 3 ? [cells[1], cells[0], cells[2]] : [cells[0], "", ""];
    for (const c of shown) tr.append(el("td", { class: "num", text: c }));
    body.append(tr);
  }
  node.append(el("thead", {}, head), body);
}
function drawSwarm(data) {
  if (!window.Plotly) return;
  const p = data.points, node = $("#swarm-chart");
  const ring = Array.from({ length: 121 }, (_, i) => (2 * Math.PI * i) / 120);
  const traces = [
    { type: "scatter3d", mode: "markers", name: `satellites (${p.shown.toLocaleString("en-US")} drawn)`, x: p.x, y: p.y, z: p.z,
      text: p.launch_year.map((y) => `launched ${y}`), hoverinfo: "text",
      marker: { size: 2, color: p.launch_year, colorscale: "Viridis", opacity: 0.8,
                colorbar: { title: { text: "launch year" }, thickness: 12, len: 0.6 } } },
    { type: "scatter3d", mode: "lines", name: "1 AU", x: ring.map(Math.cos), y: ring.map(Math.sin), z: ring.map(() => 0),
      line: { color: "#bbb", width: 2 }, hoverinfo: "skip" },
    { type: "scatter3d", mode: "markers+text", name: "Sun", x: [p.sun[0]], y: [p.sun[1]], z: [p.sun[2]], text: ["Sun"],
      textposition: "top center", marker: { size: 7, color: "#f2b01e" } },
    { type: "scatter3d", mode: "markers+text", name: "Earth", x: [p.earth[0]], y: [p.earth[1]], z: [p.earth[2]], text: ["Earth"],
      textposition: "top center", textfont: { color: "#1f5fa8", size: 13 }, marker: { size: 8, symbol: "diamond", color: "#d62728" } },
  ];
  const axis = (t) => ({ title: { text: `${t} [AU]` }, zeroline: false });
  Plotly.react(node, traces, {
    margin: { l: 0, r: 0, t: 48, b: 0 }, height: node.clientWidth < 600 ? 420 : 560, font: { size: 12 },
    title: { text: `${data.scenario}, mid-${Math.floor(data.year)}<br><span style="font-size:11px">heliocentric J2000 ecliptic</span>` },
    legend: { orientation: "h", y: 0 }, uirevision: "swarm",  // a turned view stays turned as the year moves
    scene: { xaxis: axis("x"), yaxis: axis("y"), zaxis: axis("z"), aspectmode: "manual", aspectratio: { x: 1, y: 1, z: 0.35 },
             camera: { eye: { x: 1.1, y: -1.3, z: 0.8 } } },
  }, CONFIG);
}
lunarbase.tabs.swarm = {
  timer: null, inflight: null, seq: 0, asked: null,
  init() {
    const year = $("#swarm-year"), slider = $("#swarm-year-slider"), sats = $("#swarm-satellites");
    if (state.swarm.year !== null) year.value = slider.value = state.swarm.year;
    if (state.swarm.satellites !== null) sats.value = state.swarm.satellites;
    $("#swarm-form").addEventListener("submit", (ev) => { ev.preventDefault(); this.update(0); });
    year.addEventListener("input", () => { slider.value = year.value; this.update(); });
    slider.addEventListener("input", () => { year.value = slider.value; this.update(); });
    sats.addEventListener("input", () => this.update());
  },
  show() {
    const r = state.lastRun;
    if (r && r.series && r.series.year.length) {  // the slider spans the run tab's run
      const slider = $("#swarm-year-slider"), ys = r.series.year;
      slider.min = $("#swarm-year").min = Math.floor(ys[0]);
      slider.max = $("#swarm-year").max = Math.floor(ys[ys.length - 1]);
      slider.value = $("#swarm-year").value;
    }
    if (JSON.stringify(this.body()) !== this.asked) this.update(0);  // the scenario changed on the run tab
  },
  body() { return { ...request(), year: Number($("#swarm-year").value), satellites: Number($("#swarm-satellites").value) }; },
  update(delay = 250) {
    state.swarm.year = Number($("#swarm-year").value);
    state.swarm.satellites = Number($("#swarm-satellites").value);
    writeHash();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fetch(), delay);
  },
  async fetch() {
    const body = this.body();
    if (!Number.isFinite(body.year) || !Number.isInteger(body.satellites)) return;
    const mine = ++this.seq;
    if (this.inflight) this.inflight.abort();
    this.inflight = new AbortController();
    this.asked = JSON.stringify(body);
    const t0 = performance.now();
    setStatus(`following the swarm in ${body.year}…`);
    try {
      const { data, res } = await api("/api/swarm", body, { signal: this.inflight.signal });
      if (mine !== this.seq) return;
      showError($("#swarm-error"), null);
      const total = data.satellites.value;
      $("#swarm-title").textContent = `${data.scenario} in ${data.year}: ${Math.round(total).toLocaleString("en-US")} satellites alive` +
        (data.weighted ? ` (a weighted sample of ${data.sampled.toLocaleString("en-US")} followed)` : " (every one followed)") +
        `; ${data.departure}.`;
      renderSwarmTable(data);
      drawSwarm(data);
      const server = res.headers.get("x-run-ms"), cached = res.headers.get("x-run-cache") === "hit";
      setStatus(`swarm ${data.year}: ${Math.round(performance.now() - t0)} ms` + (cached ? " (from the server's cache)" : server ? ` (server ${server} ms)` : ""));
    } catch (err) {
      if (err.name === "AbortError" || mine !== this.seq) return;
      this.asked = null;
      showError($("#swarm-error"), err);
      setStatus("no swarm: see the message");
    }
  },
};

/* --- studies ------------------------------------------------------------------------------------------------------- */
lunarbase.tabs.studies = {
  job: null,
  init() {
    $("#study-go").addEventListener("click", () => this.start());
    $("#study-cancel").addEventListener("click", () => this.cancel());
  },
  show() { this.catalog(); },
  async catalog() {
    try {
      const { data } = await api("/api/catalog");
      table($("#catalog-table"), ["id", "kind", "scenario", "created (UTC)", "study", ""],
            data.map((r) => [r.id, r.kind, r.scenario, r.created.slice(0, 16).replace("T", " "),
                             r.kind === "study" ? `${r.method} n=${r.samples} seed=${r.seed}` : "",
                             el("button", { type: "button", "aria-label": `Show ${r.id}`, text: "show", onclick: () => this.entry(r.id) })]));
      if (!data.length) $("#catalog-table").append(el("caption", { text: "The catalog is empty." }));
    } catch (err) { showError($("#study-error"), err); }
  },
  async entry(id) {
    const pre = $("#catalog-entry");
    try { pre.textContent = JSON.stringify((await api(`/api/catalog/${encodeURIComponent(id)}`)).data, null, 1); pre.hidden = false; }
    catch (err) { showError($("#study-error"), err); }
  },
  async start() {
    const f = new FormData($("#study-form"));
    const body = { ...request(), samples: Number(f.get("samples")), seed: Number(f.get("seed")), method: f.get("method") };
    try {
      const { data } = await api("/api/studies", body);
      showError($("#study-error"), null);
      this.job = data.id;
      $("#study-cancel").disabled = false;
      this.poll();
    } catch (err) { showError($("#study-error"), err); }
  },
  async cancel() { if (this.job) await api(`/api/studies/${this.job}`, undefined, { method: "DELETE" }); },
  async poll() {
    if (!this.job) return;
    const { data } = await api(`/api/studies/${this.job}`);
    const bar = $("#study-progress");
    bar.max = data.total || 1;
    bar.value = data.done;
    $("#study-state").textContent = `${data.state}: ${data.done} of ${data.total || "?"} runs`;
    if (data.state === "queued" || data.state === "running") { setTimeout(() => this.poll(), 400); return; }
    $("#study-cancel").disabled = true;
    this.job = null;
    if (data.detail) showError($("#study-error"), new Error(data.detail));
    if (data.summary) this.render(data.summary);
  },
  render(s) {
    const ms = Object.entries(s.milestones);
    table($("#study-table"), ["milestone", "median year", "P by the horizon"],
          ms.map(([k, m]) => [m.label || k, m.median === null ? "not reached by half" : String(m.median),
                              `${(100 * m.cdf[m.cdf.length - 1][1]).toFixed(0)} %`]));
    const node = chartNode($("#study-charts"), "study-cdf");
    node.setAttribute("aria-label", "Probability of each milestone by year");
    if (window.Plotly) Plotly.react(node, ms.map(([k, m]) => ({ x: m.cdf.map((p) => p[0]), y: m.cdf.map((p) => p[1]), name: m.label || k, mode: "lines" })),
                                    { ...LAYOUT, title: { text: `P(milestone by year), ${s.runs} runs (${s.method})` }, yaxis: { range: [0, 1] } }, CONFIG);
  },
};

/* --- tabs ------------------------------------------------------------------------------------------------------------ */
function selectTab(id, focus = false) {
  state.tab = id;
  for (const b of $$("#tabs [role=tab]")) {
    const on = b.dataset.tab === id;
    b.setAttribute("aria-selected", on);
    b.tabIndex = on ? 0 : -1;
    if (on && focus) b.focus();
  }
  for (const p of $$("section[data-tab]")) p.hidden = p.dataset.tab !== id;
  const tab = lunarbase.tabs[id];
  if (tab && !tab._ready) { tab._ready = true; Promise.resolve(tab.init && tab.init()).then(() => tab.show && tab.show()); }
  else if (tab && tab.show) tab.show();
  writeHash();
  if (window.Plotly) for (const c of $$(`section[data-tab="${id}"] .js-plotly-plot`)) Plotly.Plots.resize(c);
}
function buildTabs() {
  const nav = $("#tabs");
  const panels = $$("section[data-tab]");
  for (const p of panels) {
    const b = el("button", { type: "button", role: "tab", id: `tabbtn-${p.dataset.tab}`, "aria-controls": p.id, text: p.dataset.label });
    b.dataset.tab = p.dataset.tab;
    p.setAttribute("aria-labelledby", b.id);
    b.addEventListener("click", () => selectTab(p.dataset.tab));
    b.addEventListener("keydown", (ev) => {  // arrow keys move between tabs (WAI-ARIA tabs pattern)
      const ids = panels.map((q) => q.dataset.tab), i = ids.indexOf(p.dataset.tab);
      if (ev.key === "ArrowRight") selectTab(ids[(i + 1) % ids.length], true);
      else if (ev.key === "ArrowLeft") selectTab(ids[(i + ids.length - 1) % ids.length], true);
      else return;
      ev.preventDefault();
    });
    nav.append(b);
  }
}

async function main() {
  const fromUrl = readHash();
  try {
    const { data } = await api("/api/presets");
    state.presets = data.presets;
    state.routes = data.routes;
    state.labels = { milestones: data.milestones, yearly: data.yearly };
    state.preset = fromUrl.preset && data.presets.some((p) => p.name === fromUrl.preset) ? fromUrl.preset : data.default;
  } catch (err) { setStatus(`cannot reach the server: ${err.message}`); return; }
  state.toml = fromUrl.toml;
  state.years = fromUrl.years;
  state.sets = fromUrl.sets;
  if (fromUrl.year !== null && Number.isFinite(Number(fromUrl.year))) state.swarm.year = Number(fromUrl.year);
  if (fromUrl.satellites !== null && Number.isFinite(Number(fromUrl.satellites))) state.swarm.satellites = Number(fromUrl.satellites);
  buildTabs();
  // the run tab holds the scenario every other tab uses: it is always set up first
  lunarbase.tabs.run._ready = true;
  await lunarbase.tabs.run.init();
  const tab = fromUrl.tab && lunarbase.tabs[fromUrl.tab] ? fromUrl.tab : "run";
  selectTab(tab);
}
document.addEventListener("DOMContentLoaded", main);
