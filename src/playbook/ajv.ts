/**
 * Ajv (JSON Schema draft 2020-12) instances shared by the loader and the engine, and the schema files.
 */
import { readFileSync } from 'node:fs';
import Ajv2020Import from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from '../module.js';

type AjvClass = typeof Ajv2020Import.default;
type AjvInstance = InstanceType<AjvClass>;
const Ajv2020 = ((Ajv2020Import as unknown as { default?: AjvClass }).default ?? Ajv2020Import) as AjvClass;
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (
  ajv: AjvInstance,
) => void;

/** isRegex is the `format: "regex"` check: a JavaScript regular expression (without the `u` flag). */
export function isRegex(s: string): boolean {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}

/** newAjv makes an Ajv 2020-12 instance with formats; `useDefaults` fills in schema defaults. */
export function newAjv(opts: { useDefaults: boolean }): AjvInstance {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: false,
    useDefaults: opts.useDefaults,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  ajv.addFormat('regex', isRegex);
  return ajv;
}

const staticAjv = newAjv({ useDefaults: false });
const runtimeAjv = newAjv({ useDefaults: true });
const staticCache = new WeakMap<object, ValidateFunction>();
const runtimeCache = new WeakMap<object, ValidateFunction>();

/** validatorFor compiles a schema once (per mode): `runtime` validators apply defaults. */
export function validatorFor(schema: JsonSchema, mode: 'static' | 'runtime'): ValidateFunction {
  const cache = mode === 'static' ? staticCache : runtimeCache;
  let v = cache.get(schema);
  if (!v) {
    const ajv = mode === 'static' ? staticAjv : runtimeAjv;
    const { $id: _id, ...rest } = schema;
    v = ajv.compile(rest);
    cache.set(schema, v);
  }
  return v;
}

const schemaFiles = new Map<string, JsonSchema>();

/** loadSchema reads `schema/<name>` of this package (e.g. `playbook.schema.json`) once. */
export function loadSchema(name: string): JsonSchema {
  let s = schemaFiles.get(name);
  if (!s) {
    // dist/src/playbook/ajv.js and src/playbook/ajv.ts both sit three levels below the package root
    // when built; from source (tsx) it is two levels, so try both.
    const candidates = [
      new URL(`../../../schema/${name}`, import.meta.url),
      new URL(`../../schema/${name}`, import.meta.url),
    ];
    let text: string | undefined;
    for (const c of candidates) {
      try {
        text = readFileSync(c, 'utf8');
        break;
      } catch {
        // try the next layout
      }
    }
    if (text === undefined) throw new Error(`schema ${name} not found next to the package`);
    s = JSON.parse(text) as JsonSchema;
    schemaFiles.set(name, s);
  }
  return s;
}
