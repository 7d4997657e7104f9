/*
 * A sweep: the trials table (the parameters that vary, the metric, sortable), parallel coordinates
 * and one scatter per parameter with the best trial marked; live while the sweep runs.
 */
const sweepSort = { col: 1, desc: false };
const sweepPicked = new Set<string>();

function parallelData(s: SweepDetail, done: TrialRow[]): { rows: ParallelRow[]; labels: { axis: string; y: number; label: string }[]; axes: string[] } {
  const metricName = s.metric ?? 'metric';
  const axes = [...s.parameters, metricName];
  const valueOf = (t: TrialRow, axis: string): Json | undefined => (axis === metricName && !s.parameters.includes(axis) ? t.metric : t.params[axis]) ?? undefined;
  const rows: ParallelRow[] = [];
  const labels: { axis: string; y: number; label: string }[] = [];
  for (const axis of axes) {
    const values = done.map((t) => valueOf(t, axis));
    const numeric = values.every((v) => typeof v === 'number');
    let scale: (v: Json | undefined) => number;
    if (numeric) {
      const nums = values as number[];
      const lo = Math.min(...nums);
      const hi = Math.max(...nums);
      scale = (v) => (hi > lo ? ((v as number) - lo) / (hi - lo) : 0.5);
      labels.push({ axis, y: 0, label: fmtNum(lo, 3) }, { axis, y: 1, label: fmtNum(hi, 3) });
    } else {
      const kinds = [...new Set(values.map((v) => JSON.stringify(v)))].sort();
      scale = (v) => (kinds.length > 1 ? kinds.indexOf(JSON.stringify(v)) / (kinds.length - 1) : 0.5);
      kinds.forEach((k, i) => labels.push({ axis, y: kinds.length > 1 ? i / (kinds.length - 1) : 0.5, label: String(JSON.parse(k)) }));
    }
    done.forEach((t) => {
      const v = valueOf(t, axis);
      rows.push({ trial: t.trial, axis, y: scale(v), label: String(v), metric: t.metric ?? null, best: s.best?.trial === t.trial });
    });
  }
  return { rows, labels, axes };
}

function renderSweep(app: HTMLElement, s: SweepDetail): Promise<unknown> {
  const rerender = () => void renderSweep(app, s);
  const metricName = s.metric ?? 'metric';
  const cols: Column<TrialRow>[] = [
    { title: '', value: (t) => (sweepPicked.has(t.run?.id ?? '') ? 1 : 0), cell: (t) => t.run ? el('input', { type: 'checkbox', checked: sweepPicked.has(t.run.id), change: (e) => { if ((e.target as HTMLInputElement).checked) sweepPicked.add(t.run!.id); else sweepPicked.delete(t.run!.id); rerender(); } }) : '' },
    { title: 'rank', value: (t) => t.rank, num: true },
    { title: 'trial', value: (t) => t.trial, cell: (t) => (t.run ? runLink(t.run, t.trial) : t.trial) },
    { title: 'status', value: (t) => t.status, cell: (t) => el('span', {}, statusBadge(t.status), t.run && t.run.status !== t.status ? el('span', { class: 'muted' }, ` ${t.run.status}`) : '') },
    ...s.parameters.map((p): Column<TrialRow> => ({ title: p, value: (t) => { const v = t.params[p]; return typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v); }, num: true })),
    { title: `${metricName} (${s.goal ?? ''})`, value: (t) => t.metric, num: true },
    ...metricKeys(s.trials.flatMap((t) => (t.run ? [t.run] : [])), 'validation').map((k): Column<TrialRow> => ({ title: `validation ${k}`, value: (t) => t.run?.metrics.validation?.[k], num: true })),
  ];
  const done = s.trials.filter((t) => t.metric !== undefined);
  const picked = [...sweepPicked];
  const parallel = el('div', { class: 'card' });
  const scatter = el('div', { class: 'card' });
  app.replaceChildren(
    el('h2', {}, `Sweep ${s.name} `, el('span', { class: 'muted' }, shortId(s.id))),
    s.description ? el('p', { class: 'description' }, s.description) : '',
    el('p', { class: 'muted' }, `${s.done} of ${s.total} trials done · ranked by ${metricName} (${s.goal ?? '?'})`, s.best ? ` · best ${s.best.trial} (${fmtNum(s.best.metric)})` : ''),
    el('div', { class: 'toolbar' }, picked.length >= 2 ? el('a', { href: `#/compare/${picked.map(encodeURIComponent).join(',')}` }, `compare ${picked.length} picked`) : el('span', { class: 'muted' }, 'tick two or more trials to compare them')),
    el('div', { class: 'grid' }, parallel, scatter),
    el('div', { class: 'scroll' }, sortableTable(cols, s.trials, sweepSort, rerender, (t) => (t.trial === s.best?.trial ? 'best' : ''))),
  );
  if (!done.length) return Promise.resolve();
  const { rows, labels, axes } = parallelData(s, done);
  const points = done.flatMap((t) => s.parameters.map((param) => ({ trial: t.trial, param, value: t.params[param] ?? null, metric: t.metric!, best: s.best?.trial === t.trial })));
  return Promise.all([
    drawChart(parallel, 'parallel', parallelSpec(rows, labels, axes, metricName)),
    drawChart(scatter, 'scatter', scatterSpec(points, s.parameters, metricName)),
  ]);
}

async function showSweep(app: HTMLElement, id: string, stops: (() => void)[]): Promise<void> {
  const sweep = await dataSource.sweep(id);
  await renderSweep(app, sweep);
  let last = JSON.stringify(sweep);
  stops.push(dataSource.watchSweep(id, (next) => {
    const json = JSON.stringify(next);
    if (json !== last) void renderSweep(app, next);
    last = json;
  }));
}
