/** readBodyLines (POST /stream's body): lines as they arrive, whatever the chunks; bounded; stoppable. */
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { readBodyLines } from '../../../src/app/serve/body-lines.js';

/** A request body that the test feeds chunk by chunk. */
function fakeBody(): IncomingMessage & { send(bytes: Buffer): void; finish(): void } {
  const req = new EventEmitter() as unknown as IncomingMessage & { send(bytes: Buffer): void; finish(): void };
  req.resume = () => req;
  req.send = (bytes) => { req.emit('data', bytes); };
  req.finish = () => { req.emit('end'); };
  return req;
}

function collect(maxLineBytes: number) {
  const req = fakeBody();
  const seen: string[] = [];
  const reader = readBodyLines(req, maxLineBytes, {
    line: (text, n) => seen.push(`${n}:${text}`),
    tooLong: (n) => { seen.push(`too long ${n}`); reader.stop(); },
    end: () => seen.push('end'),
  });
  return { req, seen, reader };
}

describe('POST /stream body lines', () => {
  const text = '{"a": "é"}\n\n"ünï"\n{"last": 1}';

  it('gives the same numbered lines however the bytes are cut, multi-byte characters included', () => {
    const bytes = Buffer.from(text);
    const whole = collect(1000);
    whole.req.send(bytes);
    whole.req.finish();
    expect(whole.seen).to.deep.equal(['1:{"a": "é"}', '2:', '3:"ünï"', '4:{"last": 1}', 'end']);
    for (const size of [1, 2, 3, 7]) {
      const cut = collect(1000);
      for (let at = 0; at < bytes.length; at += size) cut.req.send(bytes.subarray(at, at + size));
      cut.req.finish();
      expect(cut.seen, `chunks of ${size} bytes`).to.deep.equal(whole.seen);
      expect(cut.reader.lines).to.equal(4);
    }
  });

  it('refuses a line over the limit, and an unfinished one as soon as it grows past it', () => {
    const complete = collect(8);
    complete.req.send(Buffer.from('"short"\n"far too long"\n"never read"\n'));
    complete.req.finish();
    expect(complete.seen).to.deep.equal(['1:"short"', 'too long 2']);
    const unfinished = collect(8);
    unfinished.req.send(Buffer.from('"ok"\n"growing'));
    expect(unfinished.seen).to.deep.equal(['1:"ok"']);
    unfinished.req.send(Buffer.from(' on and on'));
    expect(unfinished.seen).to.deep.equal(['1:"ok"', 'too long 2']);
  });

  it('after stop(), no line and no end', () => {
    const { req, seen, reader } = collect(100);
    req.send(Buffer.from('"one"\n"two'));
    reader.stop();
    req.send(Buffer.from('"\n"three"\n'));
    req.finish();
    expect(seen).to.deep.equal(['1:"one"']);
  });
});
