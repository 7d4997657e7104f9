/** The bench's table and JSON: rnnflow's figures per case, beside the PyTorch peer's when given. */
import { flopsPerSample, type CaseResult } from './cases.js';

/** One torch_train.py --json line (bench/peers.sh), the fields the table uses. */
export interface PeerResult {
  impl: string; dtype?: string; threads: number; in: number; hidden: number; out: number; mode: string;
  samples_per_s_median: number; blas: string; torch: string;
}

/** torch_names.py's last line (packed sequences on the surnames), as bench/peers.sh keeps it. */
interface NamesPeerLine { cell: string; hidden: number; embedding: number; bidirectional: boolean; dtype: string; threads: number; names: number; samples_per_s: number }

/** A torch_names.py line in the form the table reads (impl "packed", label "names gru 29/64/18"); other lines as they are. */
export function asPeerResult(line: PeerResult | NamesPeerLine): PeerResult {
  if (!('names' in line)) return line;
  return {
    impl: `packed ${line.cell}`, dtype: line.dtype, threads: line.threads, in: 29, hidden: line.hidden, out: 18, mode: 'names',
    samples_per_s_median: line.samples_per_s, blas: '', torch: '',
  };
}

/** Issue 17's targets: rnnflow (best thread count) ≥ factor × PyTorch (best impl and thread count). */
export const TARGETS: Record<string, number> = { '6/4/6': 2, '8/8/6': 2, '8/32/6': 1.5, '8/128/6': 1.2, '64/256/10': 1, '8/32/6 each': 1.5 };
/** Issue 10's targets for the gated cells, against torch.nn.LSTM / nn.GRU + Linear (torch_train.py --impl nnlstm,nngru). */
for (const cell of ['lstm', 'gru']) Object.assign(TARGETS, { [`${cell} 8/8/6`]: 2, [`${cell} 8/32/6`]: 1, [`${cell} 8/128/6`]: 0.5 });
/** float32: ≥ 1× PyTorch float32 at every Elman shape; the gated cells' float32 rows (beside nn.LSTM / nn.GRU float32) keep their float64 targets. */
for (const label of Object.keys(TARGETS)) TARGETS[`${label} float32`] = !label.includes(' ') || label.endsWith(' each') ? 1 : TARGETS[label];
/** float32 against rnnflow's own float64 (best thread counts): ≥ 1.6× at 64/256/10. */
export const OWN_FLOAT64_TARGETS: Record<string, number> = { '64/256/10 float32': 1.6 };

export interface Row {
  label: string; threads?: number; /** train rows: the kernels that ran */ kernels?: string; samplesPerSecond?: number; peakRssMiB: number; note: string;
  peer?: { samplesPerSecond: number; impl: string; threads: number }; ratio?: number; target?: number;
  /** GFLOP/s of the products, and as a fraction of the SIMD peak (f64x2, or f32x4 for float32) measured on as many threads at once. */
  gflops?: number; ofPeak?: number;
  /** float32 rows: best float32 / best float64 of the same shape, both rnnflow. */
  overFloat64?: number;
}

/** The bench label a peer's figure compares with: nnlstm and nngru against the LSTM and GRU cases. */
export function peerLabel(p: PeerResult): string {
  if (p.mode === 'names') return `names ${p.impl.replace('packed ', '')} ${p.in}/${p.hidden}/${p.out}${p.dtype === 'float32' ? ' float32' : ''}`;
  const cell = p.impl === 'nnlstm' ? 'lstm ' : p.impl === 'nngru' ? 'gru ' : '';
  return `${cell}${p.in}/${p.hidden}/${p.out}${p.mode === 'each' ? ' each' : ''}${p.dtype === 'float32' ? ' float32' : ''}`;
}

/** Best peer figure per shape label. */
export function bestPeers(peers: PeerResult[]): Map<string, PeerResult> {
  const best = new Map<string, PeerResult>();
  for (const p of peers) {
    const k = peerLabel(p);
    if ((best.get(k)?.samples_per_s_median ?? -1) < p.samples_per_s_median) best.set(k, p);
  }
  return best;
}

export function rows(results: CaseResult[], peers: Map<string, PeerResult>): Row[] {
  // The ratio compares each shape's best rnnflow thread count with the best peer, on that shape's first row.
  const bestOwn = new Map<string, number>();
  for (const r of results) {
    if (r.samplesPerSecond !== undefined) bestOwn.set(r.case.label, Math.max(bestOwn.get(r.case.label) ?? 0, r.samplesPerSecond));
  }
  const seen = new Set<string>();
  const peakResult = results.find((r) => r.peakGflops);
  const peak = peakResult?.peakGflops;
  // A row on n threads is held to the loop measured on n threads at once (n × one thread if n was not measured).
  const peakFor = (threads: number, type: 'f64' | 'f32') => peakResult?.peakGflopsThreads?.[threads]?.[type] ?? threads * peak![type];
  // Native rows are held to the native loop on as many threads (its widest level), WebAssembly and JS rows to the WebAssembly loop.
  const nativePeak = peakResult?.nativePeakGflops;
  const peakOf = (kernels: string | undefined, threads: number, type: 'f64' | 'f32') =>
    kernels?.startsWith('native') && nativePeak ? nativePeak.threads[threads]?.[type] ?? threads * nativePeak.threads[1][type] : peakFor(threads, type);
  return results.flatMap((r): Row | Row[] => {
    const c = r.case;
    if (c.kind === 'serve') return serveRows(c.label, r);
    if (c.kind === 'simd-peak') {
      const more = Object.entries(r.peakGflopsThreads ?? {}).map(([n, g]) => `; ${n} threads at once: f64x2 ${g.f64.toFixed(1)}, f32x4 ${g.f32.toFixed(1)}`).join('');
      const native = r.nativePeakGflops
        ? `; native ${r.nativePeakGflops.isa} loop${Object.entries(r.nativePeakGflops.threads).map(([n, g]) => ` ${n} thread${n === '1' ? '' : 's'}: float64 ${g.f64.toFixed(1)}, float32 ${g.f32.toFixed(1)}`).join(',')}` : '';
      return { label: c.label, peakRssMiB: r.peakRssMiB, note: `1 thread: f64x2 ${r.peakGflops!.f64.toFixed(1)}, f32x4 ${r.peakGflops!.f32.toFixed(1)} GFLOP/s${more}${native}` };
    }
    if (c.kind === 'products') {
      if (!r.productsGflops) return { label: c.label, peakRssMiB: r.peakRssMiB, note: r.skipped ?? '' };
      const g = r.productsGflops;
      // Held to its own back end's loop: native's (widest level) or WebAssembly's f64x2 / f32x4.
      const loop = r.kernels?.startsWith('native') ? 'native loop' : 'f32x4 peak';
      return {
        label: c.label, threads: 1, kernels: r.kernels, gflops: g.float64, ofPeak: peak ? g.float64 / peakOf(r.kernels, 1, 'f64') : undefined, peakRssMiB: r.peakRssMiB,
        note: `float32 ${g.float32.toFixed(1)} GFLOP/s${peak ? ` (${(100 * g.float32 / peakOf(r.kernels, 1, 'f32')).toFixed(0)} % of the ${loop})` : ''}, ${(g.float32 / g.float64).toFixed(2)}× float64`,
      };
    }
    if (c.kind === 'load-csv') {
      const m = r.csvMemory!;
      return { label: c.label, peakRssMiB: r.peakRssMiB, note: `${m.fileMiB.toFixed(0)} MiB file, ${m.rows} rows: ${m.aboveBeforeMiB.toFixed(0)} MiB at peak above the process before = ${m.timesFile.toFixed(2)}× the file (aim ≤ 3×), ${m.seconds.toFixed(1)} s` };
    }
    if (c.kind === 'predict-memory') {
      const m = r.predictMemory!;
      return { label: c.label, peakRssMiB: r.peakRssMiB, note: `${m.fileMiB.toFixed(0)} MiB PM2.5 input, ${m.windows} windows 3 h ahead: ${m.aboveBeforeMiB.toFixed(0)} MiB at peak above the process before = ${m.timesFile.toFixed(2)}× the input (aim ≤ 3×), ${m.seconds.toFixed(1)} s` };
    }
    if (c.kind === 'names') {
      const row: Row = {
        label: c.label, threads: c.threads, samplesPerSecond: r.samplesPerSecond, peakRssMiB: r.peakRssMiB,
        note: `loss ${r.lossFirst!.toFixed(3)}→${r.lossLast!.toFixed(3)}; padded row-steps ${(100 * r.paddedShare!).toFixed(1)} % (buckets, batch 32); Adam`,
      };
      const p = peers.get(c.label);
      if (p && !seen.has(c.label)) {
        seen.add(c.label);
        row.peer = { samplesPerSecond: p.samples_per_s_median, impl: p.impl, threads: p.threads };
        row.ratio = bestOwn.get(c.label)! / p.samples_per_s_median;
      }
      return row;
    }
    if (c.kind === 'stream') {
      const l = r.streamLatency!;
      return { label: c.label, peakRssMiB: r.peakRssMiB, note: `per step ${l.medianUs.toFixed(1)} µs median, ${l.p99Us.toFixed(1)} µs p99 over ${l.steps} observations; the net's step alone ${l.netMedianUs.toFixed(1)} µs` };
    }
    if (c.kind === 'load-pm25') {
      return { label: c.label, peakRssMiB: r.peakRssMiB, note: r.skipped ?? `${r.seconds!.toFixed(3)} s` };
    }
    const row: Row = {
      label: c.label, threads: c.threads, kernels: r.kernels, samplesPerSecond: r.samplesPerSecond, peakRssMiB: r.peakRssMiB,
      note: `loss ${r.lossFirst!.toFixed(3)}→${r.lossLast!.toFixed(3)}${c.threads === 1 && r.cpuSamplesPerSecond ? `; ${Math.round(r.cpuSamplesPerSecond)} per CPU s` : ''}`,
    };
    if (r.samplesPerSecond !== undefined) {
      row.gflops = (r.samplesPerSecond * flopsPerSample(c)) / 1e9;
      if (peak) row.ofPeak = row.gflops / peakOf(r.kernels, c.threads, c.dtype === 'float32' ? 'f32' : 'f64');
    }
    const float64Label = c.label.replace(/ float32$/, '');
    if (c.dtype === 'float32' && !seen.has(`${c.label} own`) && bestOwn.has(float64Label)) {
      seen.add(`${c.label} own`);
      row.overFloat64 = bestOwn.get(c.label)! / bestOwn.get(float64Label)!;
      const target = OWN_FLOAT64_TARGETS[c.label];
      row.note += `; ${row.overFloat64.toFixed(2)}× own float64${target ? ` (target ≥${target}× ${row.overFloat64 >= target ? 'met' : 'NOT met'})` : ''}`;
    }
    const p = peers.get(c.label);
    if (p && !seen.has(c.label)) {
      seen.add(c.label);
      row.peer = { samplesPerSecond: p.samples_per_s_median, impl: p.impl, threads: p.threads };
      row.ratio = bestOwn.get(c.label)! / p.samples_per_s_median;
      row.target = TARGETS[c.label];
    }
    return row;
  });
}

/** One row per client count: rnnflow serve's figures, then onnxruntime-node's on the same windows. */
function serveRows(label: string, r: CaseResult): Row[] {
  const b = r.serve!;
  const figures = (f: { requestsPerSecond: number; p50Ms: number; p99Ms: number }) => `${Math.round(f.requestsPerSecond)}/s, p50 ${f.p50Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms`;
  return b.serve.map((s, i) => ({
    label: `${label}, ${s.clients} client${s.clients === 1 ? '' : 's'}`, peakRssMiB: r.peakRssMiB,
    note: `serve ${figures(s)}; onnxruntime-node in-process ${figures(b.onnx[i])} (${b.windows} windows a request; ` +
      `serve: HTTP + CSV + preparation + net + JSON, ONNX: the net alone; same forecasts within ${b.maxDifference.toExponential(0)})`,
  }));
}

export function table(rs: Row[]): string {
  const head = ['case', 'thr', 'kernels', 'samples/s', 'GFLOP/s', 'of peak', 'peak RSS MiB', 'PyTorch best', 'best/PyTorch', 'target', 'note'];
  const body = rs.map((r) => [
    r.label, r.threads?.toString() ?? '', r.kernels ?? '', r.samplesPerSecond ? Math.round(r.samplesPerSecond).toString() : '',
    r.gflops !== undefined ? r.gflops.toFixed(1) : '', r.ofPeak !== undefined ? `${(100 * r.ofPeak).toFixed(0)} %` : '',
    r.peakRssMiB.toFixed(0),
    r.peer ? `${Math.round(r.peer.samplesPerSecond)} (${r.peer.impl}, ${r.peer.threads}t)` : '',
    r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '',
    r.target !== undefined ? `≥${r.target}× ${r.ratio! >= r.target ? 'met' : 'NOT met'}` : '',
    r.note,
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === head.length - 1 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
