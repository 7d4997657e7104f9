import { expect } from 'chai';
import { compileExpression, MissingValueError } from '../../../src/core/expressions/safe-math.js';
import { UserError } from '../../../src/core/errors.js';

const roots = ['test', 'validation', 'epochs', 'status', 'horizons'];
const compile = (e: string) => compileExpression(e, { variables: roots, context: 'expect', where: 'x.json5, expect[0]' });
const scope = {
  test: { loss: 0.3, accuracy: 0.85 }, validation: { loss: 0.4, accuracy: 0.8 }, epochs: 12, status: 'completed',
  horizons: { final: { test: { '1h': { r2: 0.9 } } } },
};

describe('expression sandbox: what is allowed', () => {
  const cases: [string, unknown][] = [
    ['test.accuracy >= 0.82', true],
    ['test.accuracy - validation.accuracy', 0.85 - 0.8],
    ['0.8 <= test.accuracy <= 0.9', true],
    ['status == "completed" and epochs > 10', true],
    ['status != "completed" or not (epochs < 5)', true],
    ['horizons.final.test["1h"].r2 > 0.5', true],
    ['max(test.accuracy, validation.accuracy) == 0.85', true],
    ['round(test.loss * 10) / 10 + abs(-1) + floor(1.5) + ceil(0.5) + sqrt(4) + log(e) + exp(0)', 0.3 + 1 + 1 + 1 + 2 + 1 + 1],
    ['epochs > 5 ? 1 : 0', 1],
    ['2^3 + 7 mod 4 + pi * 0', 11],
  ];
  for (const [expr, want] of cases) {
    it(expr, () => {
      const got = compile(expr).evaluate(scope);
      if (typeof want === 'number') expect(got).to.be.closeTo(want, 1e-12);
      else expect(got).to.equal(want);
    });
  }

  it('reports the paths it reads, once each, in order of first use', () => {
    expect(compile('test.accuracy > validation.accuracy and test.accuracy > 0').paths).to.deep.equal(['test.accuracy', 'validation.accuracy']);
  });

  it('evaluates a sweep value over an index and a schedule over eta/epoch/epochs', () => {
    const k = compileExpression('0.1 * 2^-k', { variables: ['k'], context: 'sweep value' });
    expect([0, 1, 2].map((i) => k.evaluateNumber({ k: i }))).to.deep.equal([0.1, 0.05, 0.025]);
    const lr = compileExpression('eta * 0.5^floor(epoch / 20)', { variables: ['eta', 'epoch', 'epochs'], context: 'etaSchedule' });
    expect(lr.evaluateNumber({ eta: 0.1, epoch: 45, epochs: 100 })).to.be.closeTo(0.025, 1e-15);
  });
});

describe('expression sandbox: every refused form, refused at compile time', () => {
  const refused: [string, RegExp][] = [
    ['import({x: 1}, {override: true})', /calling `import` is not allowed/],
    ['createUnit("foo")', /calling `createUnit` is not allowed/],
    ['evaluate("1 + 1")', /calling `evaluate` is not allowed/],
    ['parse("1")', /calling `parse` is not allowed/],
    ['compile("1")', /calling `compile` is not allowed/],
    ['simplify("x + x")', /calling `simplify` is not allowed/],
    ['derivative("x^2", "x")', /calling `derivative` is not allowed/],
    ['resolve(test)', /calling `resolve` is not allowed/],
    ['f(x) = x^2', /function definitions/],
    ['x = 1', /assignment/],
    ['test.accuracy = 1', /assignment/],
    ['1; 2', /several statements/],
    ['1\n2', /several statements/],
    ['[1, 2]', /arrays and matrices/],
    ['{a: 1}', /object literals/],
    ['1:3', /ranges/],
    ['test["constructor"]', /"constructor" is not allowed/],
    ['test.__proto__', /"__proto__" is not allowed/],
    ['test.constructor.constructor("return process")', /calling a property/],
    ['test.accuracy()', /calling a property/],
    ['test[1]', /only named properties/],
    ['(test).accuracy', /only be read from a named value/],
    ['test?.accuracy', /optional chaining/],
    ['cos.name', /is a function; its properties/],
    ['max', /is a function; call it/],
    ['tets.accuracy > 0.5', /`tets` is not a known name.*Did you mean "test"\?/],
    ['5 cm', /`cm` is not a known name/],
    ['2 inch to cm', /not a known name|operator `to`/],
    ['3!', /operator `!`/],
    ['1 & 2', /operator `&`/],
    ['1 << 2', /operator `<<`/],
    ['null', /constant null/],
    ['', /empty/],
    ['1 +', /does not parse/],
    ['x'.repeat(1001), /longer than 1000/],
  ];
  for (const [expr, why] of refused) {
    it(JSON.stringify(expr.slice(0, 60)), () => {
      let err: unknown;
      try {
        compile(expr);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(UserError);
      const msg = (err as UserError).message;
      expect(msg).to.match(why);
      expect(msg).to.contain('x.json5, expect[0]');
      expect((err as UserError).exitCode).to.equal(2);
    });
  }
});

describe('expression sandbox: values missing at evaluation', () => {
  it('names the missing path, a close match and what is available', () => {
    const e = compile('test.acuracy > 0.5');
    expect(() => e.evaluate(scope)).to.throw(MissingValueError, /`test.acuracy`.*Did you mean "test.accuracy"\?.*Available: test.loss, test.accuracy/);
  });

  it('refuses to compare an object, listing the values inside it', () => {
    expect(() => compile('test > 1').evaluate(scope)).to.throw(UserError, /holds several values; use one of test.loss, test.accuracy/);
  });

  it('never reads inherited properties of the scope', () => {
    expect(() => compile('test.toString > 1').evaluate(scope)).to.throw(MissingValueError);
    expect(() => compile('test.hasOwnProperty > 1').evaluate(scope)).to.throw(MissingValueError);
  });

  it('requires a condition to give true or false, and a number to be finite', () => {
    expect(() => compile('test.accuracy').evaluateBoolean(scope)).to.throw(UserError, /must be a condition/);
    expect(() => compile('test.accuracy > 0').evaluateNumber(scope)).to.throw(UserError, /finite number/);
    expect(() => compile('test.accuracy / 0').evaluateNumber(scope)).to.throw(UserError, /finite number/);
  });

  it('valuesIn returns what exists and leaves out what does not', () => {
    expect(compile('test.accuracy > test.nope').valuesIn(scope)).to.deep.equal({ 'test.accuracy': 0.85 });
  });
});
