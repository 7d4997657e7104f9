/**
 * The scripts and the style a page needs, all from this package's own files: vega, vega-lite and
 * vega-embed from node_modules, the page's script bundled from src/app/board/client/. Nothing is
 * fetched from a network, by the board or by the page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOARD_CSS } from './style.js';

const require = createRequire(import.meta.url);

/** The folder holding a package's package.json (their exports maps hide build/ from resolve()). */
function packageRoot(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(name)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`rnnflow board: cannot find the ${name} package folder`);
    dir = up;
  }
  return dir;
}

/** Script files in the order a page loads them (each one's globals are used by the next). */
const SCRIPT_FILES: Record<string, () => string> = {
  'vega.js': () => join(packageRoot('vega'), 'build', 'vega.min.js'),
  'vega-lite.js': () => join(packageRoot('vega-lite'), 'build', 'vega-lite.min.js'),
  'vega-embed.js': () => join(packageRoot('vega-embed'), 'build', 'vega-embed.min.js'),
  // Bundled by esbuild (package.json "build:board") next to this file's own output.
  'board.js': () => join(dirname(fileURLToPath(import.meta.url)), 'client', 'board.js'),
};

export const SCRIPT_NAMES = Object.keys(SCRIPT_FILES);

const cache = new Map<string, string>();

/** A script's text; source-map comments dropped (the maps are not served). */
export function scriptText(name: string): string | undefined {
  const path = SCRIPT_FILES[name];
  if (!path) return undefined;
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(path(), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
    cache.set(name, text);
  }
  return text;
}

export function styleText(): string {
  return BOARD_CSS;
}
