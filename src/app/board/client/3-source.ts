/*
 * Where the page's data comes from: the board's /api (with live updates by Server-Sent Events), or,
 * in a report, window.RNNFLOW_REPORT (no live updates: the file is a snapshot).
 */
interface DataSource {
  live: boolean;
  index(): Promise<BoardIndex>;
  run(id: string): Promise<RunDetail>;
  sweep(id: string): Promise<SweepDetail>;
  /** Calls back with each change; returns a function that stops listening. */
  watchIndex(on: (index: BoardIndex) => void): () => void;
  watchRun(id: string, offset: number, on: (update: { offset: number; points: CurvePoints }) => void): () => void;
  watchSweep(id: string, on: (sweep: SweepDetail) => void): () => void;
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function listen<T>(path: string, event: string, on: (value: T) => void): () => void {
  const source = new EventSource(path);
  source.addEventListener(event, (e) => on(JSON.parse((e as MessageEvent<string>).data) as T));
  return () => source.close();
}

const serverSource: DataSource = {
  live: true,
  index: () => getJson('/api/index'),
  run: (id) => getJson(`/api/run?id=${encodeURIComponent(id)}`),
  sweep: (id) => getJson(`/api/sweep?id=${encodeURIComponent(id)}`),
  watchIndex: (on) => listen('/api/live/index', 'index', on),
  watchRun: (id, offset, on) => listen(`/api/live/run?id=${encodeURIComponent(id)}&offset=${offset}`, 'points', on),
  watchSweep: (id, on) => listen(`/api/live/sweep?id=${encodeURIComponent(id)}`, 'sweep', on),
};

function reportSource(data: ReportData): DataSource {
  const found = <T>(value: T | undefined, id: string): Promise<T> => value ? Promise.resolve(value) : Promise.reject(new Error(`${id} is not in this report`));
  const never = () => () => undefined;
  return {
    live: false,
    index: () => Promise.resolve(data.index),
    run: (id) => found(data.runs[id], id),
    sweep: (id) => found(data.sweeps[id], id),
    watchIndex: never,
    watchRun: never,
    watchSweep: never,
  };
}

const dataSource: DataSource = window.RNNFLOW_REPORT ? reportSource(window.RNNFLOW_REPORT) : serverSource;
