import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { builtinModules } from '../../../modules/index.js';

const expected = [
  'assert',
  'command',
  'copy',
  'debug',
  'fail',
  'fetch',
  'image',
  'include_vars',
  'set_fact',
  'setup',
  'shell',
  'template',
];

test('builtinModules holds every built-in module under its own name', () => {
  for (const name of expected) assert.ok(builtinModules.has(name), name);
  for (const [k, m] of builtinModules) assert.equal(m.name, k);
});

for (const [name, mod] of builtinModules) {
  test(`schema of ${name}: draft 2020-12, documented, examples valid`, () => {
    const s = mod.schema as Record<string, unknown>;
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.match(String(s.$id), new RegExp(`/schema/modules/${name}\\.schema\\.json$`));
    assert.equal(s.title, name);
    assert.ok(String(s.description).length > 30);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(s);
    const examples = s.examples as unknown[];
    assert.ok(examples.length > 0);
    for (const ex of examples)
      assert.ok(validate(ex), `${JSON.stringify(ex)}: ${ajv.errorsText(validate.errors)}`);
    for (const [prop, def] of Object.entries(
      (s.properties ?? {}) as Record<string, Record<string, unknown>>,
    )) {
      assert.ok(def.description, `${name}.${prop} has a description`);
    }
  });
}

const invalid: [string, unknown][] = [
  ['command', {}],
  ['command', { cmd: 'a', argv: ['a'] }],
  ['command', { cmd: 'a', shell: true }],
  ['shell', { cmd: 1 }],
  ['copy', { dest: '/x' }],
  ['copy', { content: 'a', src: 'b', dest: '/x' }],
  ['copy', { content: 'a', dest: '/x', mode: 'u=rw' }],
  ['debug', { msg: 'a', var: 'b' }],
  ['assert', { fail_msg: 'x' }],
  ['set_fact', {}],
  ['set_fact', { 'bad-name': 1 }],
  ['include_vars', { name: 'x' }],
  ['template', { src: 'a' }],
];
for (const [name, args] of invalid) {
  test(`schema of ${name} rejects ${JSON.stringify(args)}`, () => {
    const ajv = new Ajv2020({ strict: false });
    assert.equal(ajv.validate(builtinModules.get(name)!.schema, args), false);
  });
}
