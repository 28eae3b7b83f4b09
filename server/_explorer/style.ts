// The explorer page's style sheet: system fonts only (nothing is loaded from elsewhere).

/** The page's CSS. */
export const STYLE = `
:root { --fg: #1a202c; --muted: #64748b; --line: #e2e8f0; --bg: #f8fafc; --accent: #2563eb;
  --ok: #15803d; --bad: #b91c1c; --rpc: #7c3aed; --async: #c2410c; --get: #047857;
  --post: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
header { display: flex; align-items: baseline; gap: 12px; padding: 12px 24px;
  background: #0f172a; color: #f8fafc; }
header h1 { margin: 0; font-size: 20px; }
header nav { margin-left: auto; }
header a { color: #93c5fd; margin-left: 12px; }
.muted { color: var(--muted); }
header .muted { color: #94a3b8; }
main { display: grid; grid-template-columns: 220px 1fr; gap: 24px; padding: 16px 24px; }
#toc { position: sticky; top: 12px; align-self: start; }
#toc h3 { margin: 12px 0 4px; font-size: 12px; text-transform: uppercase; color: var(--muted); }
#toc a { display: block; padding: 2px 0; color: var(--fg); text-decoration: none;
  font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
#toc a:hover { color: var(--accent); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px;
  margin-bottom: 16px; }
.card h2 { margin: 0 0 4px; font-size: 16px; font-family: ui-monospace, monospace; }
.kind { display: inline-block; font: 600 11px/1 system-ui, sans-serif; color: #fff;
  border-radius: 4px; padding: 3px 6px; margin-right: 8px; vertical-align: 2px; }
.kind.rpc { background: var(--rpc); } .kind.async { background: var(--async); }
.kind.get { background: var(--get); } .kind.post { background: var(--post); }
.desc { margin: 0 0 10px; }
form.call { display: grid; grid-template-columns: max-content 1fr; gap: 6px 10px;
  align-items: center; }
form.call label { font-family: ui-monospace, monospace; }
form.call .hint { color: var(--muted); font-size: 12px; font-family: system-ui, sans-serif; }
input[type=text], textarea, select { font: 13px ui-monospace, monospace; padding: 5px 7px;
  border: 1px solid #cbd5e1; border-radius: 5px; width: 100%; background: #fff; }
textarea { min-height: 64px; resize: vertical; }
.actions { grid-column: 1 / -1; display: flex; gap: 8px; align-items: center; }
button { font: 600 13px system-ui, sans-serif; padding: 6px 14px; border-radius: 5px;
  border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { opacity: .5; cursor: default; }
.output { margin-top: 12px; }
.output:empty { display: none; }
.status-line { font-size: 12px; color: var(--muted); margin-bottom: 4px; }
pre.value { margin: 0; padding: 10px; background: #0f172a; color: #e2e8f0; border-radius: 6px;
  overflow: auto; max-height: 360px; font: 12.5px/1.4 ui-monospace, monospace; }
img.value { max-width: 100%; border: 1px solid var(--line); border-radius: 6px; }
.error { background: #fef2f2; border: 1px solid #fecaca; color: var(--bad); padding: 8px 12px;
  border-radius: 6px; overflow-wrap: anywhere; }
.error ul { margin: 6px 0 0; padding-left: 18px; }
body > .error { margin: 12px 24px; }
.job { border: 1px solid var(--line); border-radius: 6px; padding: 10px; margin-top: 8px; }
.bar { height: 14px; background: var(--line); border-radius: 7px; overflow: hidden; margin: 6px 0; }
.bar > div { height: 100%; width: 0; background: var(--async); transition: width .2s; }
.completed .bar > div { background: var(--ok); }
.failed .bar > div, .cancelled .bar > div { background: var(--bad); }
.job-status { font-family: ui-monospace, monospace; font-size: 12.5px; }
#jobs-panel { padding: 0 24px 24px; }
#jobs-panel h2 { font-size: 16px; display: flex; gap: 12px; align-items: center; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 12.5px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; }
th { background: #f1f5f9; }
td.mono { font-family: ui-monospace, monospace; }
td .bar { width: 120px; margin: 0; }
`;
