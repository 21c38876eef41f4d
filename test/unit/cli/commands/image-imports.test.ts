/**
 * `deckhand image <sub>` loads only what it runs (issue 7): the subcommand definitions reach neither the
 * registry client (undici) nor the store, and pull never reaches the template engine (handlebars, yaml)
 * or the schema validator (ajv). Walks the static import graph of the compiled files; `import()` is
 * not followed, since that is how an action is loaded only when it runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const commands = dirname(fileURLToPath(import.meta.url)).replace(
  /dist[/\\]test[/\\]unit[/\\]cli[/\\]commands$/,
  join('dist', 'src', 'cli', 'commands'),
);
const dist = resolve(commands, '..', '..', '..');

// Static forms only: `import … from`, `export … from`, bare `import '…'`, and require() of a
// createRequire (how the registry loads undici's parts). A dynamic import('…') is not matched.
const SPECIFIERS = [
  /^\s*(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** packageOf names the npm package of a bare specifier (`undici/lib/x.js` → undici). */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

interface Graph {
  files: Map<string, string | undefined>; // file → the file that imported it first
  packages: Map<string, string>; // package → the file that imported it first
}

/** reach walks the static imports from `entry` over the compiled files. */
function reach(entry: string): Graph {
  const start = join(commands, entry);
  const g: Graph = { files: new Map([[start, undefined]]), packages: new Map() };
  const queue = [start];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const text = readFileSync(file, 'utf8');
    for (const re of SPECIFIERS) {
      for (const m of text.matchAll(re)) {
        const spec = m[1]!;
        if (spec.startsWith('node:')) continue;
        if (!spec.startsWith('.')) {
          if (!g.packages.has(packageOf(spec))) g.packages.set(packageOf(spec), file);
          continue;
        }
        const target = resolve(dirname(file), spec);
        assert.ok(existsSync(target), `${relative(dist, file)} imports ${spec}, which is not there`);
        if (!g.files.has(target)) {
          g.files.set(target, file);
          queue.push(target);
        }
      }
    }
  }
  return g;
}

/** chain prints how `file` was reached, for the failure message. */
function chain(g: Graph, file: string | undefined): string {
  const out: string[] = [];
  for (let f = file; f !== undefined; f = g.files.get(f)) out.unshift(relative(dist, f));
  return out.join(' -> ');
}

/** [entry, packages it must not reach, folders under dist it must not reach] */
const forbidden: [string, string[], string[]][] = [
  [
    'image.js',
    ['undici', 'handlebars', 'yaml', 'ajv'],
    ['src/registry', 'src/store', 'src/engine', 'src/copy'],
  ],
  ['image-pull-action.js', ['handlebars', 'yaml', 'ajv'], ['src/engine']],
  ['image-copy-action.js', ['handlebars', 'yaml', 'ajv'], ['src/engine']],
  ['image-ls-action.js', ['undici', 'handlebars', 'yaml', 'ajv'], ['src/registry', 'src/engine']],
];
for (const [entry, packages, folders] of forbidden) {
  test(`${entry} statically reaches none of ${[...packages, ...folders].join(', ')}`, () => {
    const g = reach(entry);
    for (const p of packages) {
      assert.ok(!g.packages.has(p), `${entry} loads ${p}: ${chain(g, g.packages.get(p))} -> ${p}`);
    }
    for (const folder of folders) {
      const hit = [...g.files.keys()].find((f) => relative(dist, f).startsWith(join(folder, '/')));
      assert.equal(hit, undefined, `${entry} loads ${folder}: ${chain(g, hit)}`);
    }
  });
}

// The walk itself must see what is there, or the tests above would pass on a blind parser.
const reached: [string, string][] = [
  ['image-push-action.js', 'handlebars'],
  ['image-push-action.js', 'yaml'],
  ['image-pull-action.js', 'undici'],
  ['image.js', 'commander'],
];
for (const [entry, pkg] of reached) {
  test(`the walk finds ${pkg} from ${entry}`, () => {
    assert.ok(reach(entry).packages.has(pkg), `${pkg} not found from ${entry}`);
  });
}
