/**
 * The JSON form of a TrainingState, exact to the bit: every Float64Array is stored as the base64 of
 * its bytes ({ "f64": "…" }), every Float32Array likewise ({ "f32": "…" }), and a number JSON cannot hold (±Infinity, NaN) as { "num": "Infinity" }.
 * Plain JSON numbers are exact already (JavaScript prints the shortest string that reads back the same).
 */

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function encodeExact(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Float64Array) return { f64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    if (v instanceof Float32Array) return { f32: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    if (typeof v === 'number' && !Number.isFinite(v)) return { num: String(v) };
    return v;
  });
}

export function decodeExact(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (isPlain(v) && typeof v.f64 === 'string' && Object.keys(v).length === 1) {
      const bytes = Buffer.from(v.f64, 'base64');
      if (bytes.length % 8 !== 0) throw new Error(`a Float64Array of ${bytes.length} bytes (not a multiple of 8)`);
      const out = new Float64Array(bytes.length / 8);
      new Uint8Array(out.buffer).set(bytes);
      return out;
    }
    if (isPlain(v) && typeof v.f32 === 'string' && Object.keys(v).length === 1) {
      const bytes = Buffer.from(v.f32, 'base64');
      if (bytes.length % 4 !== 0) throw new Error(`a Float32Array of ${bytes.length} bytes (not a multiple of 4)`);
      const out = new Float32Array(bytes.length / 4);
      new Uint8Array(out.buffer).set(bytes);
      return out;
    }
    if (isPlain(v) && typeof v.num === 'string' && Object.keys(v).length === 1) return Number(v.num);
    return v;
  });
}
