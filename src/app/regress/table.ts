/** The regression checks' table and exit code, as pure functions of the rows. */
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { formatSeconds } from '../../core/format.js';
import { formatValue, type ExpectationResult } from '../expect/index.js';
import type { RunStatus } from '../../events/run-event.js';

export type RegressionStatus = 'pass' | 'fail' | 'error' | 'invalid' | 'interrupted';

export interface RegressionRow {
  file: string;
  status: RegressionStatus;
  seconds: number;
  results: ExpectationResult[];
  runStatus?: RunStatus;
  error?: string;
}

/** 2 if a file is invalid; else 1 if a condition failed, a run broke or did not finish; else 0. */
export function regressionExitCode(rows: readonly RegressionRow[]): ExitCode {
  if (rows.some((r) => r.status === 'invalid')) return EXIT.inputWrong;
  return rows.every((r) => r.status === 'pass') ? EXIT.delivered : EXIT.notDelivered;
}

/**
 *   experiment                             result  checks  time   details
 *   experiments/regression/minus.json5    PASS    2/2     1.2s
 *   experiments/regression/echo.json5     FAIL    1/2     3.1s   test.r2 >= 0.95 (test.r2 = 0.91)
 */
export function formatRegressionTable(rows: readonly RegressionRow[]): string {
  const body = rows.map((r) => {
    const passed = r.results.filter((x) => x.passed).length;
    const failed = r.results.filter((x) => !x.passed);
    const details = r.status === 'fail'
      ? failed.map((x) => `${x.expression} (${x.error ?? Object.entries(x.values).map(([p, v]) => `${p} = ${formatValue(v)}`).join(', ')})`).join('; ')
      : r.status === 'pass' ? (r.runStatus && r.runStatus !== 'completed' ? `run ${r.runStatus}` : '')
        : (r.error ?? '').split('\n')[0];
    return [r.file, r.status.toUpperCase(), r.results.length ? `${passed}/${r.results.length}` : '-', r.seconds ? formatSeconds(r.seconds) : '-', details];
  });
  const header = ['experiment', 'result', 'checks', 'time', 'details'];
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((b) => b[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === cells.length - 1 ? c : c.padEnd(widths[j]))).join('  ').trimEnd();
  const counts = (['pass', 'fail', 'error', 'invalid', 'interrupted'] as const)
    .map((s) => [s, rows.filter((r) => r.status === s).length] as const).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  return [line(header), line(widths.map((w, j) => (j === widths.length - 1 ? '-------' : '-'.repeat(w)))), ...body.map(line), '', counts.join(', ')].join('\n');
}
