/**
 * What a real `deckhand image …` process loads (issue 7): the CLI runs with a module hook that logs
 * every ES module loaded and, at exit, every CommonJS file (undici's parts come in through require).
 * Help loads no registry client and no store; pull loads no template engine and no schema validator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../src/cli/main.js');

const HOOKS = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) { appendFileSync(log, url + '\\n'); return next(url, context); }
`;
const PRELOAD = `
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
const log = process.env.DECKHAND_TEST_LOAD_LOG;
register('./hooks.mjs', import.meta.url, { data: { log } });
const require = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(log, Object.keys(require.cache).map((f) => 'file://' + f).join('\\n') + '\\n'));
`;

interface Loaded {
  code: number;
  files: string[];
}

/** loads runs the CLI with `args` and returns its exit code and every file it loaded. */
async function loads(args: string[]): Promise<Loaded> {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-loads-'));
  try {
    writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(dir, 'preload.mjs'), PRELOAD);
    const log = join(dir, 'loaded.log');
    writeFileSync(log, '');
    const argv = ['--import', pathToFileURL(join(dir, 'preload.mjs')).href, main, ...args];
    const code = await new Promise<number>((done) => {
      const env = { ...process.env, DECKHAND_TEST_LOAD_LOG: log, NO_COLOR: '1' };
      execFile(process.execPath, argv, { env, cwd: dir, timeout: 20_000 }, (e) =>
        done(e ? Number((e as { code?: unknown }).code ?? -1) : 0),
      );
    });
    const files = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('file://'))
      .map((l) => fileURLToPath(l));
    return { code, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a loaded file is, for the assertions: an npm package, or a folder of deckhand's build. */
const PACKAGE = (name: string) => (f: string) => f.includes(`/node_modules/${name}/`);
const BUILD = (folder: string) => (f: string) => f.includes(`/dist/src/${folder}/`);

const HEAVY_FOR_HELP = { undici: PACKAGE('undici'), registry: BUILD('registry'), store: BUILD('store') };
const TEMPLATES = { handlebars: PACKAGE('handlebars'), yaml: PACKAGE('yaml'), ajv: PACKAGE('ajv') };

/** [args, exit code, must not load, must load (a part of a loaded file's path)] */
const cases: [string[], number, Record<string, (f: string) => boolean>, string[]][] = [
  [['image', '--help'], 0, { ...HEAVY_FOR_HELP, ...TEMPLATES }, ['image-pull.js']],
  [['image', 'pull', '--help'], 0, { ...HEAVY_FOR_HELP, ...TEMPLATES }, ['image-flags.js']],
  [['image', 'ls', '--help'], 0, { ...HEAVY_FOR_HELP, ...TEMPLATES }, ['image-store.js']],
  // A usage error the action finds: the action and everything it imports were loaded, nothing sent.
  [
    ['image', 'pull', 'x:1', '--images-dir', 'store', '--platform', 'not-a-platform'],
    1,
    TEMPLATES,
    ['image-pull-action.js', 'node_modules/undici/'],
  ],
  // The control: push renders --dest, so its action does load the template engine.
  [
    ['image', 'push', '--images-dir', 'missing', '--dest', 'h/{{x}}'],
    1,
    {},
    ['image-push-action.js', 'handlebars/lib/index.js'],
  ],
];
for (const [args, exit, mustNot, must] of cases) {
  test(`deckhand ${args.join(' ')} loads ${must.join(', ')} and none of ${Object.keys(mustNot).join(', ') || '-'}`, async () => {
    const got = await loads(args);
    assert.equal(got.code, exit);
    for (const [name, is] of Object.entries(mustNot)) {
      assert.deepEqual(got.files.filter(is), [], `${name} was loaded`);
    }
    for (const m of must)
      assert.ok(
        got.files.some((f) => f.includes(`/${m}`)),
        `${m} was not loaded`,
      );
  });
}
