/**
 * A test that needs what a machine may lack (a service: Redis, Chromium, later ONNX Runtime; root for
 * the disk-fault tests; a system tool). Elsewhere it skips with one line saying what to install; under
 * `CI=true` it fails instead, so a CI run cannot pass by skipping (issue 28). Every such test calls
 * `requireOrSkip` from its `before` or its body: one place decides, one message format.
 */
export interface Requirement {
  /** What is missing, e.g. "redis-server is not installed". */
  missing: string;
  /** How to get it, e.g. "apt-get install -y redis-server". */
  fix: string;
}

/** True when the test runs under CI (`CI=true`, as .ci/run and most CI services set it). */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

/** Thrown under CI instead of skipping: the test (or the suite's `before`) fails with this message. */
export class MissingUnderCi extends Error {}

/** The one line a skip prints, and the failure's message under CI. */
export function requirementLine(r: Requirement, ci: boolean): string {
  return ci
    ? `${r.missing}: required under CI=true, where a skipped test would let a green run hide it (${r.fix})`
    : `skipped: ${r.missing} (${r.fix})`;
}

/**
 * When `available` is false: under CI throws MissingUnderCi; elsewhere prints the line and skips
 * (`ctx.skip()` throws mocha's Pending, so nothing after this call runs).
 */
export function requireOrSkip(ctx: Mocha.Context, available: boolean, r: Requirement, env: NodeJS.ProcessEnv = process.env): void {
  if (available) return;
  if (underCi(env)) throw new MissingUnderCi(requirementLine(r, true));
  console.log(`      ${requirementLine(r, false)}`);
  ctx.skip();
}
