/**
 * The image module's schema (schema/modules/image.schema.json) as the engine compiles it: its examples
 * are valid, both formats are told apart, secrets are writeOnly, regex fields are checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageModule } from '../../../../modules/image/index.js';
import { validatorFor } from '../../../../src/playbook/ajv.js';

const validate = validatorFor(imageModule.schema, 'static');

test('every example in the schema is valid', () => {
  const examples = imageModule.schema.examples as unknown[];
  assert.ok(examples.length >= 3);
  for (const e of examples) assert.ok(validate(e), JSON.stringify(validate.errors));
});

test('the schema tells the two formats apart and rejects what neither allows', () => {
  const cases: [string, unknown, boolean][] = [
    ['pull only', { pull: { manifests: ['nginx'] } }, true],
    ['push only', { push: { dest: 'r/x' } }, true],
    ['pull and push', { pull: { manifests: 'a b' }, push: { dest: 'r/x' } }, true],
    ['src/dest', { manifests: ['a'], dest: 'local:///x' }, true],
    [
      'src/dest with auths by registry',
      { manifests: ['a'], dest: 'local:///x', auths: [{ registry: 'r:5000' }] },
      true,
    ],
    ['both formats', { pull: { manifests: ['a'] }, dest: 'local:///x' }, false],
    ['nothing', {}, false],
    ['push without dest', { push: { images_dir: '/x' } }, false],
    ['bad regex', { push: { dest: 'r/x', src_pattern: '(' } }, false],
    ['bad pattern', { manifests: ['a'], dest: 'x', pattern: '[' }, false],
    ['unknown policy', { pull: { manifests: ['a'], policy: 'lax' } }, false],
    ['auth without registry', { pull: { manifests: ['a'], auths: [{ username: 'u' }] } }, false],
    ['unknown key', { pull: { manifests: ['a'], imagesdir: '/x' } }, false],
    ['bad namespace_override', { push: { dest: 'r/x', namespace_override: 'Bad NS' } }, false],
  ];
  for (const [name, args, ok] of cases)
    assert.equal(validate(args), ok, `${name}: ${JSON.stringify(validate.errors)}`);
});

test('passwords are writeOnly wherever they appear', () => {
  const defs = imageModule.schema.$defs as Record<
    string,
    { properties: Record<string, { writeOnly?: boolean }> }
  >;
  assert.equal(defs.auth!.properties.password!.writeOnly, true);
  assert.equal(defs.push!.properties.password!.writeOnly, true);
  assert.deepEqual([...imageModule.lateRender!].sort(), ['dest', 'push.dest', 'src']);
});
