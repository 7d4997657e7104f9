/**
 * The floor rules bite: a copy of src/ with an upward import and a cycle planted in it fails
 * `depcruise` with messages that name both, and so does a copy with imports planted across
 * src/app/'s own floors, while the real tree passes (`npm run deps`, run by CI).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { root, tempDir } from '../helpers/cli.js';

const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

function cruise(cwd: string): { code: number; out: string } {
  const r = spawnSync(depcruise, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

/** `depcruise` on a copy of src/ with `plants` (path under src/ → file text) added to it. */
function cruisePlanted(plants: Record<string, string>): { code: number; out: string } {
  const copy = tempDir('rnnflow-floors-');
  try {
    cpSync(join(root, 'src'), join(copy, 'src'), { recursive: true });
    for (const f of ['tsconfig.json', '.dependency-cruiser.cjs']) cpSync(join(root, f), join(copy, f));
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    for (const [path, text] of Object.entries(plants)) writeFileSync(join(copy, 'src', path), text);
    return cruise(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

describe('floor rules (dependency-cruiser)', () => {
  it('fail on a planted upward import and a planted cycle, naming each', () => {
    const r = cruisePlanted({
      'core/planted-upward.ts': "import '../app/cli/run-commands.js';\n",
      'model/planted-a.ts': "import { b } from './planted-b.js';\nexport const a = () => b;\n",
      'model/planted-b.ts': "import { a } from './planted-a.js';\nexport const b = () => a;\n",
    });
    expect(r.code, r.out).to.not.equal(0);
    expect(r.out).to.match(/floor-core: src\/core\/planted-upward\.ts → src\/app\/cli\/run-commands\.ts/);
    expect(r.out).to.match(/no-circular: src\/model\/planted-(a|b)\.ts →\s+src\/model\/planted-(a|b)\.ts/);
    // Nothing else fires: the copy of today's tree is clean apart from the plants.
    expect(r.out.match(/^\s+error /gm) ?? [], r.out).to.have.length(2);
  });

  it("fail on imports planted against src/app/'s own floors: the search policy reaching up, run-pool back into sweep", () => {
    const r = cruisePlanted({
      'app/search/planted-upward.ts': "import '../sweep/spec.js';\n",
      'app/run-pool/planted-loop.ts': "import '../sweep/run-sweep.js';\n",
    });
    expect(r.code, r.out).to.not.equal(0);
    expect(r.out).to.match(/app-floor-search: src\/app\/search\/planted-upward\.ts → src\/app\/sweep\/spec\.ts/);
    expect(r.out).to.match(/app-floor-run-pool: src\/app\/run-pool\/planted-loop\.ts → src\/app\/sweep\/run-sweep\.ts/);
    expect(r.out.match(/^\s+error /gm) ?? [], r.out).to.have.length(2);
  });

  it('pass on the real tree', () => {
    const r = cruise(root);
    expect(r.code, r.out).to.equal(0);
  });
});
