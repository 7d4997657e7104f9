/*
 * What this browser remembers between visits (localStorage, one key per setting). A page opened
 * from a file or with storage blocked just forgets.
 */
const PREFIX = 'rnnflow.board.';

export function stored(key: string): string | undefined {
  try {
    return localStorage.getItem(PREFIX + key) ?? undefined;
  } catch {
    return undefined;
  }
}

export function store(key: string, value: string): void {
  try {
    localStorage.setItem(PREFIX + key, value);
  } catch {
    // storage blocked: the setting holds for this page only
  }
}
