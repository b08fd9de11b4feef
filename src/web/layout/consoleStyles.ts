/** The console's one stylesheet: readable on a phone, visible focus, AA contrast. */
export const consoleStyles = `
:root { --ink:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; --accent:#0b5cad; --in:#ffffff; --out:#dcf3e2; --warn:#8a4b00; --bad:#a40e26; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--accent); }
:focus-visible { outline:3px solid #f5a623; outline-offset:2px; }
.skip { position:absolute; left:-999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:4px 8px; }
header.top { display:flex; flex-wrap:wrap; gap:8px 16px; align-items:center; padding:8px 16px; background:#102a43; color:#fff; }
header.top a { color:#fff; } header.top nav { display:flex; flex-wrap:wrap; gap:4px 12px; } header.top .who { margin-left:auto; font-size:14px; overflow-wrap:anywhere; }
header.top form { display:inline; } header.top button { background:transparent; color:#fff; border:1px solid #9fb3c8; border-radius:4px; padding:2px 8px; cursor:pointer; }
main { max-width:1100px; margin:0 auto; padding:16px; overflow-wrap:anywhere; }
pre { overflow-x:auto; }
h1 { font-size:1.6rem; margin:8px 0 16px; } h2 { font-size:1.2rem; margin:24px 0 8px; }
.banner { background:#fff4e5; border:1px solid var(--bad); color:var(--bad); border-radius:6px; padding:10px 14px; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px 16px; margin-bottom:16px; }
.grid { display:grid; grid-template-columns:repeat(auto-fit, minmax(min(100%, 440px), 1fr)); gap:16px; }
table { border-collapse:collapse; width:100%; background:#fff; } th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:14px; color:var(--muted); } th, td { overflow-wrap:normal; }
label { display:block; font-size:14px; color:var(--muted); margin-bottom:2px; }
input, select, textarea { font:inherit; padding:6px 8px; border:1px solid #8c959f; border-radius:4px; max-width:100%; }
button, .button { font:inherit; background:var(--accent); color:#fff; border:0; border-radius:4px; padding:7px 14px; cursor:pointer; text-decoration:none; display:inline-block; }
button.secondary { background:#fff; color:var(--accent); border:1px solid var(--accent); }
.filters { display:flex; flex-wrap:wrap; gap:12px; align-items:flex-end; }
.filters p { margin:0; min-width:0; max-width:100%; }
.badge { display:inline-block; font-size:13px; padding:1px 8px; border-radius:10px; background:#e7edf3; margin-right:4px; }
.badge.warn { background:#fff1d6; color:var(--warn); } .badge.bad { background:#ffe3e6; color:var(--bad); }
.alert { padding:8px 12px; border-radius:6px; margin-bottom:12px; background:#ffe3e6; color:var(--bad); }
.notice { padding:8px 12px; border-radius:6px; margin-bottom:12px; background:#dcf3e2; }
.thread { list-style:none; padding:0; margin:0; display:flex; flex-direction:column; gap:8px; }
#sim-thread { max-height:60vh; overflow:auto; }
.card > h2:first-child, .card > h3:first-child { margin-top:0; }
.msg { max-width:80%; padding:8px 10px; border-radius:10px; border:1px solid var(--line); white-space:pre-wrap; overflow-wrap:anywhere; }
.msg.inbound { align-self:flex-start; background:var(--in); } .msg.outbound { align-self:flex-end; background:var(--out); }
.msg .meta { display:block; font-size:12px; color:var(--muted); margin-top:4px; }
.msg .options { margin:6px 0 0; padding:0; list-style:none; display:flex; flex-wrap:wrap; gap:4px; }
.msg .options li { border:1px solid var(--accent); color:var(--accent); border-radius:12px; padding:0 8px; font-size:14px; background:#fff; }
.muted { color:var(--muted); font-size:14px; }
svg.chart { width:100%; height:auto; max-width:560px; } svg.chart text { font:12px system-ui, sans-serif; fill:var(--ink); }
.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 12px; margin:0 0 12px; } .facts dt { color:var(--muted); font-size:14px; } .facts dd { margin:0; overflow-wrap:anywhere; }
.field-error { display:block; color:var(--bad); font-size:14px; } .field.invalid input { border-color:var(--bad); } .hint { display:block; }
.qr img { image-rendering:pixelated; border:1px solid var(--line); } .code { font-family:ui-monospace, monospace; font-size:1.3rem; letter-spacing:2px; }
.pairing-controls form { margin:8px 0; } .checklist li { overflow-wrap:anywhere; }
.pager { display:flex; gap:12px; margin-top:12px; }
.editor-grid { display:grid; grid-template-columns:minmax(0, 3fr) minmax(0, 2fr); gap:16px; } .editor-grid textarea { width:100%; font-family:ui-monospace, monospace; }
.flow-editor .cm-editor { border:1px solid var(--line); max-height:70vh; font-size:14px; } .flow-editor .cm-scroller { font-family:ui-monospace, monospace; }
.flow-diagram svg { max-width:100%; height:auto; } .flow-diff .cm-mergeView { border:1px solid var(--line); max-height:75vh; font-size:14px; }
.issues { padding-left:20px; font-size:14px; } .issues li.error { color:var(--bad); } .issues li.warning { color:var(--warn); }
button.link { background:none; color:inherit; padding:0; text-align:left; text-decoration:underline dotted; }
textarea.rule { width:100%; font-family:ui-monospace, monospace; font-size:14px; }
/* On a phone a table scrolls inside its own box, never the page. */
@media (max-width:600px) { main { padding:8px; } .editor-grid { grid-template-columns:1fr; } .msg { max-width:95%; } table.wide th:nth-child(n+4), table.wide td:nth-child(n+4) { display:none; } table { display:block; overflow-x:auto; } }
`;
