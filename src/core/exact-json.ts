/**
 * The JSON form of a TrainingState, exact to the bit: every Float64Array is stored as the base64 of
 * its bytes ({ "f64": "…" }), every Float32Array likewise ({ "f32": "…" }), and a number JSON cannot hold (±Infinity, NaN) as { "num": "Infinity" }.
 * Plain JSON numbers are exact already (JavaScript prints the shortest string that reads back the same).
 */

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The typed arrays kept as base64 of their bytes, by the key that marks them. */
const ARRAYS = { f64: Float64Array, f32: Float32Array } as const;
const KEYS = Object.keys(ARRAYS) as (keyof typeof ARRAYS)[];

export function encodeExact(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    for (const key of KEYS) {
      if (v instanceof ARRAYS[key]) return { [key]: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return { num: String(v) };
    return v;
  });
}

export function decodeExact(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (!isPlain(v) || Object.keys(v).length !== 1) return v;
    for (const key of KEYS) {
      if (typeof v[key] !== 'string') continue;
      const Type = ARRAYS[key], bytes = Buffer.from(v[key], 'base64');
      if (bytes.length % Type.BYTES_PER_ELEMENT !== 0) throw new Error(`a ${Type.name} of ${bytes.length} bytes (not a multiple of ${Type.BYTES_PER_ELEMENT})`);
      const out = new Type(bytes.length / Type.BYTES_PER_ELEMENT);
      new Uint8Array(out.buffer).set(bytes);
      return out;
    }
    if (typeof v.num === 'string') return Number(v.num);
    return v;
  });
}
