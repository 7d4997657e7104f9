/**
 * Authentication of what travels through Redis, with a secret shared by the coordinator and its
 * workers (--secret-file, or RNNFLOW_QUEUE_SECRET). Each signed value carries an HMAC-SHA256 over its
 * canonical JSON (keys sorted) together with its kind, the sweep id and the trial id, so a signature
 * cannot be moved to another kind of value, another trial or another sweep. The signature travels
 * inside the value (a job's data, its return value, a saved state, the sweep's hash), where BullMQ
 * and Redis keep it. Shipped files are covered by their sha256, which is inside the signed job.
 *
 * Without a secret nothing is signed or checked: anyone who can write to the Redis can then make
 * workers train what they like (the jobs are still validated and kept inside their folders).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalJson } from '../../core/canonical-json.js';
import { UserError } from '../../core/errors.js';

export const SECRET_ENV = 'RNNFLOW_QUEUE_SECRET';

export type SignedKind = 'job' | 'answer' | 'partial' | 'sweep';

/** The secret from `--secret-file` (its content, trimmed), else from the environment; undefined when neither is given. */
export function queueSecret(secretFile?: string): Buffer | undefined {
  let text: string | undefined;
  if (secretFile !== undefined) {
    try {
      text = readFileSync(secretFile, 'utf8').trim();
    } catch (e) {
      throw new UserError(`--secret-file ${secretFile}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a file holding the queue's shared secret`);
    }
    if (!text) throw new UserError(`--secret-file ${secretFile}: the file is empty; put the queue's shared secret in it (e.g. openssl rand -hex 32 > ${secretFile})`);
  } else {
    text = process.env[SECRET_ENV] || undefined;
  }
  return text === undefined ? undefined : Buffer.from(text, 'utf8');
}

function mac(secret: Buffer, kind: SignedKind, sweep: string, trial: string, value: object): string {
  const { signature: _ignored, ...body } = value as { signature?: unknown };
  return createHmac('sha256', secret).update(canonicalJson({ kind, sweep, trial, body })).digest('hex');
}

/** `value` with its signature (unchanged when there is no secret). */
export function signed<T extends object>(secret: Buffer | undefined, kind: SignedKind, sweep: string, trial: string, value: T): T & { signature?: string } {
  return secret ? { ...value, signature: mac(secret, kind, sweep, trial, value) } : value;
}

/** Throws unless `value` carries the right signature (nothing to check without a secret). */
export function checkSignature(secret: Buffer | undefined, kind: SignedKind, sweep: string, trial: string, value: object): void {
  if (!secret) return;
  const given = (value as { signature?: unknown }).signature;
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) throw new Error(`refused: the ${kind} is not signed (the queue's secret is required)`);
  const want = Buffer.from(mac(secret, kind, sweep, trial, value), 'hex');
  if (!timingSafeEqual(want, Buffer.from(given, 'hex'))) throw new Error(`refused: the ${kind}'s signature does not match (another secret, or the ${kind} was altered)`);
}
