/**
 * The page setup every board browser suite shares: runs written into a temporary folder, one
 * headless Chromium and one board over that folder for the suite, a fresh context and page per test
 * at the suite's window size, and no console error allowed on a test that passed. Call it at the top
 * of a `describe`: it registers the mocha hooks and returns the state they fill.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBoard, type RunningBoard } from '../../../src/app/board/server.js';
import { requireOrSkip } from '../../helpers/requires.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

// The functions given to page.evaluate run in the page, not in Node: its globals, loosely typed.
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface BoardBrowser {
  /** The temporary folder; `runs` (the board's one root) is inside it. */
  dir: string;
  runs: string;
  browser: Browser;
  board: RunningBoard;
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors of the current test. */
  errors: string[];
  /** Goes to `base` + hash (the board by default) and waits until the page says it has drawn. */
  open(hash: string, base?: string): Promise<void>;
}

/** setup(runs): writes (or trains) the suite's runs before the board starts. */
export function boardBrowser(options: { prefix: string; viewport: { width: number; height: number }; setup: (runs: string) => Promise<void> | void }): BoardBrowser {
  const dir = mkdtempSync(join(tmpdir(), options.prefix));
  const state = { dir, runs: join(dir, 'runs'), errors: [] as string[] } as unknown as BoardBrowser;
  state.open = async (hash, base = state.board.url) => {
    await state.page.goto(base + hash);
    await state.page.waitForFunction(() => window.rnnflowBoard?.ready === true);
  };

  before(async function () {
    requireOrSkip(this, existsSync(CHROMIUM), { missing: `no Chromium at ${CHROMIUM} (the browser tests drive it)`, fix: 'apt-get update && apt-get install -y chromium' });
    await options.setup(state.runs);
    const { chromium } = await import('playwright-core');
    state.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }); // launch() uses a fresh temporary profile
    state.board = await startBoard({ dirs: [state.runs], port: 0, host: '127.0.0.1' });
  });

  beforeEach(async () => {
    state.errors = [];
    state.context = await state.browser.newContext({ viewport: options.viewport });
    state.page = await state.context.newPage();
    state.page.on('console', (m) => { if (m.type() === 'error') state.errors.push(m.text()); });
    state.page.on('pageerror', (e) => state.errors.push(e.message));
  });

  afterEach(async function () {
    await state.context?.close();
    if (this.currentTest?.state !== 'failed') expect(state.errors, 'console errors').to.deep.equal([]);
  });

  after(async () => {
    await state.board?.close();
    await state.browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return state;
}
