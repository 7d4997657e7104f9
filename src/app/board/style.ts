/** The board's one style sheet (served at /assets/board.css, inlined in a report). */
export const BOARD_CSS = `
:root { --fg: #1d2430; --muted: #5d6778; --line: #dde2ea; --accent: #2f6fd0; --bg: #fafbfc; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 16px; align-items: baseline; padding: 10px 20px; border-bottom: 1px solid var(--line); background: #fff; }
header h1 { font-size: 17px; margin: 0; }
header a { color: var(--accent); text-decoration: none; }
main { padding: 12px 20px 40px; }
/* Nothing makes the page wider than the window: long cells are cut (whole text on hover), wide
   tables and charts scroll inside their own box. */
h2 { font-size: 16px; margin: 18px 0 8px; }
h3 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); }
table { border-collapse: collapse; background: #fff; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { font-weight: 600; cursor: default; user-select: none; position: sticky; top: 0; background: #f2f4f7; }
th.sortable { cursor: pointer; }
th.sorted-asc::after { content: " ▲"; font-size: 10px; }
th.sorted-desc::after { content: " ▼"; font-size: 10px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td > .cell { max-width: 22em; overflow: hidden; text-overflow: ellipsis; }
table.diff td { white-space: normal; overflow-wrap: anywhere; max-width: 28em; }
.scroll-x { max-width: 100%; overflow-x: auto; }
.metric-name { font-size: 11px; }
.chart-controls { margin: 0 0 4px; font-size: 13px; }
.chart-controls input[type=range] { width: 140px; vertical-align: middle; }
.smoothing-value { display: inline-block; width: 2.6em; font-variant-numeric: tabular-nums; }
tr.best td { background: #fff6d6; }
tr.pruned td { color: #7b828d; }
a { color: var(--accent); }
.status { padding: 1px 6px; border-radius: 8px; font-size: 12px; background: #eef0f3; }
.status-running { background: #dcebff; } .status-completed, .status-stopped, .status-early-stopped, .status-done { background: #def5e2; }
.status-diverged, .status-failed { background: #fde0dd; } .status-interrupted, .status-pruned { background: #f3ecd9; }
.toolbar { display: flex; gap: 10px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.toolbar input[type=search] { padding: 4px 8px; width: 240px; }
.muted { color: var(--muted); }
.grid { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.grid > * { min-width: 0; max-width: 100%; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; max-width: 100%; overflow-x: auto; }
pre.commands { margin: 4px 0 0; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.json { max-height: 420px; overflow: auto; background: #fff; border: 1px solid var(--line); padding: 8px; font-size: 12px; margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.scroll { max-height: 70vh; max-width: 100%; overflow: auto; }
.description { white-space: pre-wrap; }
.refused { color: #b00020; }
`;
