/** Debian's Chromium for the browser tests (playwright-core drives it; no browser download). */
export const CHROMIUM = process.env.RNNFLOW_CHROMIUM ?? '/usr/lib/chromium/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
