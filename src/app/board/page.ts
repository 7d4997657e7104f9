/**
 * The one HTML page: for the board it links /assets/*, for a report it carries every script, the
 * style and the data inline (opens from a file, offline). The page's script reads
 * window.RNNFLOW_REPORT when present, else asks the board's /api.
 */
import { SCRIPT_NAMES, scriptText, styleText } from './assets.js';

/** JSON safe inside <script>: no "</script>", no "<!--", and the two line separators JS dislikes. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A script's text made safe to inline (the minified libraries might hold a "</script" string). */
function inlineScript(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1');
}

const HEAD = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">';
const BODY = '<body><header><h1>rnnflow</h1><nav id="nav"></nav></header><main id="app"><p class="muted">loading…</p></main>';

export function boardPage(): string {
  return `${HEAD}<title>rnnflow board</title><link rel="stylesheet" href="/assets/board.css"></head>${BODY}
${SCRIPT_NAMES.map((n) => `<script src="/assets/${n}"></script>`).join('\n')}
</body></html>\n`;
}

export function reportPage(title: string, data: unknown): string {
  const scripts = SCRIPT_NAMES.map((n) => `<script>${inlineScript(scriptText(n)!)}</script>`).join('\n');
  return `${HEAD}<title>${escapeHtml(title)}</title><style>${styleText()}</style></head>${BODY}
<script>window.RNNFLOW_REPORT = ${scriptJson(data)};</script>
${scripts}
</body></html>\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
