/// The live dashboard: one self-contained HTML page (inline CSS, JavaScript and SVG; no
/// external assets) that polls `/api/stats` every second and `/api/slate` every five, and
/// draws queue, latency percentiles, throughput, health, per-source freshness and the slate.
///
/// ```swift
/// HTTPResponse(contentType: "text/html; charset=utf-8", body: Array(DashboardPage.html.utf8))
/// ```
/// Contract: the numbers shown carry ids (`queue-size`, `rows-written`, `writes-total`,
/// `reads-total`, `batches-total`, `status`) and the body gets `data-ready="1"` once the
/// first stats have been drawn, so a headless browser can read them back.
public enum DashboardPage {
    public static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sharp · live</title>
<style>
  :root { --bg:#0f1419; --card:#182029; --line:#263140; --text:#e6edf3; --dim:#8b98a5; --ok:#3fb950; --warn:#d29922; --bad:#f85149; --accent:#58a6ff; --p95:#d2a8ff; --p99:#ff7b72; }
  * { box-sizing: border-box; }
  body { margin:0; background:var(--bg); color:var(--text); font:14px/1.4 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
  header { display:flex; align-items:center; gap:16px; padding:14px 22px; border-bottom:1px solid var(--line); }
  header h1 { font-size:18px; margin:0; letter-spacing:.3px; }
  header .meta { color:var(--dim); font-size:12px; }
  .badge { padding:3px 10px; border-radius:999px; font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.5px; }
  .healthy { background:rgba(63,185,80,.15); color:var(--ok); } .degraded { background:rgba(210,153,34,.15); color:var(--warn); }
  .stopped, .down { background:rgba(248,81,73,.15); color:var(--bad); }
  main { padding:18px 22px; display:grid; gap:14px; grid-template-columns:repeat(4, minmax(0,1fr)); }
  .card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:12px 14px; min-width:0; }
  .card h2 { margin:0 0 6px; font-size:12px; color:var(--dim); font-weight:600; text-transform:uppercase; letter-spacing:.6px; }
  .big { font-size:26px; font-weight:650; font-variant-numeric:tabular-nums; }
  .unit { color:var(--dim); font-size:13px; margin-left:4px; }
  .sub { color:var(--dim); font-size:12px; font-variant-numeric:tabular-nums; }
  .wide { grid-column:span 2; } .full { grid-column:1 / -1; }
  svg.chart { width:100%; height:64px; display:block; margin-top:6px; }
  svg.chart.tall { height:110px; }
  .legend span { margin-right:10px; font-size:12px; color:var(--dim); } .legend i { display:inline-block; width:10px; height:3px; margin-right:4px; vertical-align:middle; }
  .totals { display:grid; grid-template-columns:repeat(4,1fr); gap:8px; margin-top:4px; }
  .totals div { font-variant-numeric:tabular-nums; } .totals b { display:block; font-size:18px; }
  .src { display:grid; grid-template-columns:110px 1fr 80px; gap:8px; align-items:center; margin:5px 0; font-size:13px; }
  .bar { height:8px; background:#0b0f14; border-radius:4px; overflow:hidden; } .bar > div { height:100%; border-radius:4px; }
  table { width:100%; border-collapse:collapse; font-variant-numeric:tabular-nums; }
  th { text-align:left; color:var(--dim); font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.5px; padding:6px 8px; border-bottom:1px solid var(--line); }
  td { padding:7px 8px; border-bottom:1px solid #1f2833; vertical-align:top; }
  .sig { display:flex; align-items:center; gap:8px; margin:2px 0; }
  .conf { width:70px; height:6px; background:#0b0f14; border-radius:3px; overflow:hidden; } .conf > div { height:100%; background:var(--accent); }
  .label-very-high, .label-high { color:var(--ok); } .label-moderate { color:var(--warn); } .label-low, .label-very-low { color:var(--dim); }
  .rules { color:var(--dim); font-size:12px; } .none { color:var(--dim); }
  .call { font-weight:700; padding:1px 6px; border-radius:4px; } .call-BET { background:#1a7f37; color:#fff; } .call-PASS { background:#30363d; color:var(--dim); }
  .decision { color:var(--dim); font-size:12px; margin:0 0 6px 0; }
  @media (max-width: 1000px) { main { grid-template-columns:repeat(2, minmax(0,1fr)); } }
</style>
</head>
<body data-ready="0">
<header>
  <h1>sharp · live</h1>
  <span id="status" class="badge">…</span>
  <span class="meta" id="meta">connecting…</span>
</header>
<main>
  <section class="card"><h2>Write queue</h2>
    <div><span class="big" id="queue-size">–</span><span class="unit">waiting</span></div>
    <div class="sub">high water <span id="queue-high">–</span> · reader waiters <span id="reader-waiters">–</span></div>
    <svg class="chart" id="chart-queue" viewBox="0 0 300 64" preserveAspectRatio="none"></svg></section>
  <section class="card"><h2>Throughput</h2>
    <div><span class="big" id="rows-rate">–</span><span class="unit">rows/s</span></div>
    <div class="sub"><span id="writes-rate">–</span> writes/s · <span id="reads-rate">–</span> reads/s</div>
    <svg class="chart" id="chart-rate" viewBox="0 0 300 64" preserveAspectRatio="none"></svg></section>
  <section class="card wide"><h2>Write latency (ms)</h2>
    <div class="legend"><span><i style="background:var(--accent)"></i>p50 <b id="w-p50">–</b></span><span><i style="background:var(--p95)"></i>p95 <b id="w-p95">–</b></span><span><i style="background:var(--p99)"></i>p99 <b id="w-p99">–</b></span><span>reads p95 <b id="r-p95">–</b></span></div>
    <svg class="chart tall" id="chart-latency" viewBox="0 0 600 110" preserveAspectRatio="none"></svg></section>
  <section class="card wide"><h2>Totals</h2>
    <div class="totals">
      <div><b id="rows-written">–</b><span class="sub">rows written</span></div>
      <div><b id="writes-total">–</b><span class="sub">writes</span></div>
      <div><b id="reads-total">–</b><span class="sub">reads</span></div>
      <div><b id="batches-total">–</b><span class="sub">batches</span></div>
    </div>
    <div class="sub" style="margin-top:8px">failures <span id="failures-total">–</span> · mode <span id="mode">–</span> · flush <span id="flush">–</span> · up <span id="uptime">–</span></div></section>
  <section class="card wide"><h2>Source freshness</h2><div id="sources"><span class="none">no captures stored yet</span></div></section>
  <section class="card full"><h2>Slate <span id="slate-date" class="sub"></span></h2>
    <table><thead><tr><th>First pitch (ET)</th><th>Game</th><th>Moneyline away / home</th><th>Signals · call · confidence · price</th></tr></thead>
    <tbody id="slate"><tr><td colspan="4" class="none">loading…</td></tr></tbody></table></section>
</main>
<script>
"use strict";
const history = [];
const limit = 120;
const $ = (id) => document.getElementById(id);
const fmt = (n) => n == null ? "–" : Number(n).toLocaleString("en-US");
const ms = (n) => n == null ? "–" : (n < 10 ? n.toFixed(2) : n.toFixed(1));
const price = (p) => p == null ? "–" : (p > 0 ? "+" : "") + Math.round(p);
function ago(s) {
  if (s < 90) return Math.round(s) + " s";
  if (s < 5400) return Math.round(s / 60) + " min";
  if (s < 172800) return Math.round(s / 3600) + " h";
  return Math.round(s / 86400) + " d";
}
function line(svg, series, colors, w, h) {
  const all = series.flat().filter((v) => v != null);
  const max = Math.max(1e-9, ...all) * 1.15;
  let out = "";
  for (let y = 1; y < 4; y++) out += `<line x1="0" x2="${w}" y1="${h * y / 4}" y2="${h * y / 4}" stroke="#263140" stroke-width="1"/>`;
  series.forEach((values, i) => {
    if (!values.length) return;
    const step = w / (limit - 1);
    const x0 = w - step * (values.length - 1);
    const y = (v) => (h - 3 - (v || 0) / max * (h - 8)).toFixed(1);
    const pts = values.map((v, j) => `${(x0 + j * step).toFixed(1)},${y(v)}`);
    if (values.length > 1) {
      if (i === 0) out += `<polygon points="${x0.toFixed(1)},${h} ${pts.join(" ")} ${w},${h}" fill="${colors[i]}" fill-opacity="0.12"/>`;
      out += `<polyline points="${pts.join(" ")}" fill="none" stroke="${colors[i]}" stroke-width="2" vector-effect="non-scaling-stroke"/>`;
    }
    out += `<line x1="${w - 6}" x2="${w}" y1="${y(values[values.length - 1])}" y2="${y(values[values.length - 1])}" stroke="${colors[i]}" stroke-width="3" vector-effect="non-scaling-stroke"/>`;
  });
  out += `<text x="${w - 4}" y="11" text-anchor="end" fill="#8b98a5" font-size="10">${ms(max / 1.15)}</text>`;
  svg.innerHTML = out;
}
function remember(s) {
  const prev = history[history.length - 1];
  if (prev && s.time <= prev.time) return;
  const dt = prev ? Math.max(0.001, s.time - prev.time) : 0;
  const rate = (k) => prev ? Math.max(0, (s[k] - prev[k]) / dt) : 0;
  s.rowsRate = rate("rows_written"); s.writesRate = rate("writes_total"); s.readsRate = rate("reads_total");
  history.push(s); if (history.length > limit) history.shift();
}
function draw(s) {
  remember(s);
  const last = history[history.length - 1];
  if (s.rowsRate === undefined) { s.rowsRate = last ? last.rowsRate : 0; s.writesRate = last ? last.writesRate : 0; s.readsRate = last ? last.readsRate : 0; }
  const status = $("status");
  status.textContent = s.status; status.className = "badge " + s.status;
  $("meta").textContent = `${s.path} · updated ${new Date(s.time * 1000).toLocaleTimeString("en-US", { hour12: false })}` + (s.server_sessions != null ? ` · ${s.server_sessions} sessions` : "");
  $("queue-size").textContent = fmt(s.write_queue_size);
  $("queue-high").textContent = fmt(s.write_queue_high_water);
  $("reader-waiters").textContent = fmt(s.reader_pool_waiters);
  $("rows-written").textContent = fmt(s.rows_written);
  $("writes-total").textContent = fmt(s.writes_total);
  $("reads-total").textContent = fmt(s.reads_total);
  $("batches-total").textContent = fmt(s.batches_total);
  $("failures-total").textContent = fmt(s.failures_total);
  $("mode").textContent = s.mode;
  $("flush").textContent = s.config && s.config.flush_policy || s.config && s.config.flushPolicy || "–";
  $("uptime").textContent = ago(s.uptime_s);
  $("rows-rate").textContent = fmt(Math.round(s.rowsRate));
  $("writes-rate").textContent = fmt(Math.round(s.writesRate));
  $("reads-rate").textContent = fmt(Math.round(s.readsRate));
  const w = s.write_latency_ms || {}, r = s.read_latency_ms || {};
  $("w-p50").textContent = ms(w.p50); $("w-p95").textContent = ms(w.p95); $("w-p99").textContent = ms(w.p99); $("r-p95").textContent = ms(r.p95);
  line($("chart-queue"), [history.map((h) => h.write_queue_size)], ["#58a6ff"], 300, 64);
  line($("chart-rate"), [history.map((h) => h.rowsRate)], ["#3fb950"], 300, 64);
  const lat = (k) => history.map((h) => h.write_latency_ms ? h.write_latency_ms[k] : null);
  line($("chart-latency"), [lat("p50"), lat("p95"), lat("p99")], ["#58a6ff", "#d2a8ff", "#ff7b72"], 600, 110);
  const sources = s.sources || [];
  if (sources.length) {
    const worst = Math.max(900, ...sources.map((x) => x.staleness_s));
    $("sources").innerHTML = sources.map((x) => {
      const color = x.staleness_s <= 300 ? "var(--ok)" : x.staleness_s <= 900 ? "var(--warn)" : "var(--bad)";
      const width = Math.max(3, 100 * Math.log1p(x.staleness_s) / Math.log1p(worst));
      return `<div class="src"><span>${x.source}</span><div class="bar"><div style="width:${width.toFixed(1)}%;background:${color}"></div></div><span class="sub" data-staleness="${Math.round(x.staleness_s)}">${ago(x.staleness_s)} ago</span></div>`;
    }).join("");
  }
  document.body.dataset.ready = "1";
}
function drawSlate(board) {
  $("slate-date").textContent = board.date ? "· " + board.date : "";
  if (!board.games || !board.games.length) { $("slate").innerHTML = `<tr><td colspan="4" class="none">no games stored</td></tr>`; return; }
  $("slate").innerHTML = board.games.map((g) => {
    const time = new Date(g.first_pitch * 1000).toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit", timeZone: "America/New_York" });
    const signals = g.signals.length ? g.signals.map((x) => `<div class="sig">${x.call ? `<span class="call call-${x.call}">${x.call}</span>` : ""}<b>${x.pick}</b><span class="rules">${x.market} · ${x.rules.replaceAll(",", ", ")}</span><div class="conf"><div style="width:${Math.min(100, x.confidence).toFixed(0)}%"></div></div><span class="label-${x.label.replaceAll(" ", "-")}">${x.confidence.toFixed(0)} ${x.label}</span><span class="sub">${price(x.price)}</span></div>${x.decision ? `<div class="decision">${x.decision}</div>` : ""}`).join("") : `<span class="none">no signal</span>`;
    return `<tr data-game="${g.game_id}"><td>${time}</td><td><b>${g.matchup}</b><div class="sub">${g.status}</div></td><td>${price(g.away_price)} / ${price(g.home_price)}</td><td>${signals}</td></tr>`;
  }).join("");
  document.body.dataset.slate = "1";
}
async function poll() {
  try {
    const response = await fetch("/api/stats", { cache: "no-store" });
    draw(await response.json());
  } catch (e) {
    const status = $("status"); status.textContent = "down"; status.className = "badge down";
  }
}
async function pollSlate() {
  try { const response = await fetch("/api/slate", { cache: "no-store" }); if (response.ok) drawSlate(await response.json()); else $("slate").innerHTML = `<tr><td colspan="4" class="none">no slate here</td></tr>`; } catch (e) {}
}
async function start() {
  try { const response = await fetch("/api/history", { cache: "no-store" }); if (response.ok) (await response.json()).forEach(remember); } catch (e) {}
  poll(); pollSlate();
}
start();
setInterval(poll, 1000);
setInterval(pollSlate, 5000);
</script>
</body>
</html>
"""#
}
