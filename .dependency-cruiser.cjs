// The floors of src/ (see docs/engine-layout.md): each folder imports only the floors below it.
// `npm run deps` checks this; .ci/run fails on any violation and prints the offending import.
const floors = ['core', 'tensor', 'config', 'model', 'data', 'events', 'run-folder', 'train', 'sinks', 'app'];

/** One rule per floor: files on floor i may not import floors i+1.. (nor src/index.ts, the top). */
const floorRules = floors.map((floor, index) => {
  const above = floors.slice(index + 1);
  return {
    name: `floor-${floor}`,
    severity: 'error',
    comment: `src/${floor}/ imports only ${index === 0 ? 'nothing inside src/' : `floors below it (${floors.slice(0, index).join(', ')})`}`,
    from: { path: `^src/${floor}/` },
    to: { path: above.length > 0 ? `^src/(${above.join('|')})/|^src/index\\.ts$` : '^src/index\\.ts$' },
  };
});

// src/app/'s own folders stand on floors the same way: the pure search policy at the bottom, the
// command line on top. 'files' is the files directly in src/app/ (one run: execute, resume, its
// folder), apart from cli.ts, the entry point, which stands above every floor. The board's page
// script (board/client/) stands apart: a browser bundle that imports only types (board-client-types-only).
const appFloors = ['search', 'expect', 'files', 'run-pool', 'sweep', 'queue', 'predict', 'serve', 'board', 'report', 'regress', 'cli'];
const appPath = (floor) => (floor === 'files' ? '^src/app/[^/]+\\.ts$' : `^src/app/${floor}/`);

const appFloorRules = appFloors.map((floor, index) => {
  const above = appFloors.slice(index + 1);
  return {
    name: `app-floor-${floor}`,
    severity: 'error',
    comment: `src/app/${floor === 'files' ? '*.ts' : `${floor}/`} imports only the app floors below it (${appFloors.slice(0, index).join(', ') || 'none'})`,
    from: { path: appPath(floor), pathNot: '^src/app/cli\\.ts$|^src/app/board/client/' },
    to: { path: [...above.map(appPath), '^src/app/cli\\.ts$'].join('|') },
  };
});

module.exports = {
  forbidden: [
    ...floorRules,
    ...appFloorRules,
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'no import cycles, between files or folders',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'every import resolves (a typo would otherwise hide an import from the floor rules)',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'board-client-types-only',
      severity: 'error',
      comment: "the board's page script is bundled for the browser: from outside its folder it imports types only (import type)",
      from: { path: '^src/app/board/client/' },
      to: { pathNot: '^src/app/board/client/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'src-not-into-tests',
      severity: 'error',
      comment: 'the engine never imports tests or benchmarks',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
