/**
 * The board's page script takes only types from the server: a copy of src/ with a value import
 * planted in src/app/board/client/ fails `depcruise` (rule board-client-types-only, naming the file),
 * while a type-only import of the same module beside it passes. esbuild would otherwise bundle
 * whatever a value import reaches, Node's modules included, into the browser's script.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { root, tempDir } from '../helpers/cli.js';

describe('board client imports (dependency-cruiser)', () => {
  it('fail on a value import from the server, pass a type-only one', () => {
    const copy = tempDir('rnnflow-client-imports-');
    try {
      cpSync(join(root, 'src'), join(copy, 'src'), { recursive: true });
      for (const f of ['tsconfig.json', '.dependency-cruiser.cjs']) cpSync(join(root, f), join(copy, f));
      symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
      const client = join(copy, 'src', 'app', 'board', 'client');
      writeFileSync(join(client, 'planted-value.ts'), "import { readRunRow } from '../run-reader.js';\nexport const read = readRunRow;\n");
      writeFileSync(join(client, 'planted-type.ts'), "import type { RunRow } from '../run-reader.js';\nexport const none: RunRow[] = [];\n");
      const r = spawnSync(join(root, 'node_modules', '.bin', 'depcruise'), ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: copy, encoding: 'utf8', timeout: 60_000 });
      const out = r.stdout + r.stderr;
      expect(r.status, out).to.not.equal(0);
      expect(out).to.match(/board-client-types-only: src\/app\/board\/client\/planted-value\.ts → src\/app\/board\/run-reader\.ts/);
      expect(out.match(/^\s+error /gm) ?? [], out).to.have.length(1);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
