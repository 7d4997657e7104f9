/**
 * What a user's sink module is handed: a deep copy of each event, frozen, so that a sink can neither
 * change what the other sinks write (events.jsonl, summary.json) nor what `expect` checks, and is told
 * so at once (a TypeError in strict-mode modules) instead of silently. A checkpoint's parameters are a
 * ParamSet of their own (its methods kept; typed arrays cannot be frozen, and this copy is the sink's alone).
 */
import type { RunEvent } from './run-event.js';

export function frozenCopy(e: RunEvent): RunEvent {
  if (e.type === 'checkpoint') {
    const { params, ...rest } = e;
    return Object.freeze({ ...deepFrozen(structuredClone(rest)), params: params.clone() }) as RunEvent;
  }
  return deepFrozen(structuredClone(e));
}

function deepFrozen<T>(value: T): T {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  for (const child of Object.values(value as object)) deepFrozen(child);
  return Object.freeze(value);
}
