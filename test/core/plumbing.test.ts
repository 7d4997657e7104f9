/** The house's plumbing, written once: Ctrl-C handling, file faults, CSV text. */
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { csvText } from '../../src/core/csv-text.js';
import { isFileFault } from '../../src/core/errors.js';
import { onInterrupt, type InterruptCause } from '../../src/core/interrupt.js';

describe('onInterrupt: once stop gracefully, twice quit', () => {
  it('process signals: the first SIGINT or SIGTERM stops, the next quits; released, it hears none', () => {
    // Other listeners (mocha's) are set aside while the signals are emitted here.
    const saved = (['SIGINT', 'SIGTERM'] as const).map((s) => [s, process.rawListeners(s)] as const);
    for (const [s] of saved) process.removeAllListeners(s);
    try {
      const heard: string[] = [];
      const release = onInterrupt({ stop: (c) => heard.push(`stop ${c}`), quit: (c) => heard.push(`quit ${c}`) });
      process.emit('SIGTERM', 'SIGTERM');
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGINT', 'SIGINT');
      release();
      expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).to.equal(0);
      expect(heard).to.deep.equal(['stop SIGTERM', 'quit SIGINT', 'quit SIGINT']);
    } finally {
      for (const [s, listeners] of saved) for (const l of listeners) process.on(s, l as NodeJS.SignalsListener);
    }
  });

  it('an AbortSignal instead: its abort is the first press, and the process\'s signals are left alone', () => {
    const before = process.listenerCount('SIGINT');
    const controller = new AbortController();
    const heard: InterruptCause[] = [];
    const release = onInterrupt({ stop: (c) => heard.push(c), quit: () => heard.push('SIGKILL') }, controller.signal);
    expect(process.listenerCount('SIGINT')).to.equal(before);
    controller.abort();
    controller.abort();
    release();
    expect(heard).to.deep.equal(['abort']);
  });
});

describe('file faults and CSV text', () => {
  it('a file fault is a filesystem error of the machine\'s state, whatever throws it', () => {
    for (const code of ['ENOSPC', 'EACCES', 'EROFS', 'EISDIR', 'EMFILE']) expect(isFileFault(Object.assign(new Error('x'), { code })), code).to.equal(true);
    for (const e of [new Error('x'), Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }), undefined, 'ENOSPC']) expect(isFileFault(e)).to.equal(false);
  });

  it('csvText quotes what needs it and reads back through csv-parse as the same cells', () => {
    const rows = [['name', 'class', 'p'], ['a,b', 'say "hi"', 0.25], ['two\nlines', true, false], [null, undefined, 1e-7], [' padded', 'x y', 'end ']];
    const text = csvText(rows);
    expect(text.endsWith('\n')).to.equal(true);
    expect(text.split('\n')[1]).to.equal('"a,b","say ""hi""",0.25');
    expect(text.split('\n').at(-2)).to.equal('" padded",x y,"end "');
    expect(parse(text)).to.deep.equal(rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v)))));
  });
});
