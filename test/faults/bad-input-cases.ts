/**
 * The table of hostile and malformed inputs for bad-input.test.ts: playbooks, inventories, vars files,
 * -e values and module arguments. Each case names the files, the arguments, the exit code (1 refused
 * before anything runs, 2 a host failed, 0 ran and stayed safe) and what the output must say.
 */

/** One bad-input case. */
export interface BadInput {
  name: string;
  /** Path → content (a Buffer for bytes that are not valid UTF-8). */
  files: Record<string, string | Buffer>;
  args?: string[];
  code: 0 | 1 | 2;
  /** Each must match stdout + stderr. */
  expect: RegExp[];
  /** None may match stdout + stderr. */
  reject?: RegExp[];
  /** A known bug too big to fix here: the case runs as a node:test todo with this reason. */
  todo?: string;
}

/** HEAD: shared by the case tables. */
export const HEAD = '- name: p\n  hosts: localhost\n  gather_facts: false\n';
/** play builds a one-play playbook on localhost with `tasks` (indented list items) and optional vars. */
/** play: shared by the case tables. */
export const play = (tasks: string, vars = ''): string =>
  `${HEAD}${vars ? `  vars:\n${vars}` : ''}  tasks:\n${tasks}`;
/** debug: shared by the case tables. */
export const debug = (msg: string): string => `    - name: show\n      debug:\n        msg: '${msg}'\n`;

/** bomb is a billion-laughs document: nine levels of nine aliases (9^7 strings if expanded). */
function bomb(indent: string): string {
  const lines = [`${indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i <= 7; i++) {
    const refs = Array.from({ length: 9 }, () => `*l${i - 1}`).join(', ');
    lines.push(`${indent}l${i}: &l${i} [${refs}]`);
  }
  return `${lines.join('\n')}\n`;
}

const flowDeep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
const blockDeep = (n: number, indent: number): string =>
  Array.from({ length: n }, (_, i) => `${' '.repeat(indent + 2 * i)}k${i}:`).join('\n') + ' end\n';
const BAD_UTF8 = Buffer.from([0x6e, 0x61, 0x6d, 0xff, 0xfe, 0x65]);
const withBytes = (before: string, after: string): Buffer =>
  Buffer.concat([Buffer.from(before), BAD_UTF8, Buffer.from(after)]);
/** INV: shared by the case tables. */
export const INV = 'all:\n  hosts:\n    h1: { ansible_connection: local }\n';
/** invPlay: shared by the case tables. */
export const invPlay = (tasks: string): string =>
  `- name: p\n  hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`;
/** CLEAN: a later task sees no polluted prototype. */
/** CLEAN: shared by the case tables. */
export const CLEAN =
  debug('{{default polluted "clean"}}') + debug('{{default (lookup (dict) "polluted") "clean2"}}');

/** limitCases: resource limits, encodings and prototypes. */
export const limitCases: BadInput[] = [
  // Resource exhaustion: refused with a limit, never hung.
  {
    name: 'alias bomb in play vars',
    files: { 'play.yaml': play(debug('x'), bomb('    ')) },
    code: 1,
    expect: [/play\.yaml/, /alias/i, /refused/],
  },
  {
    name: 'alias bomb in an inventory',
    files: {
      'inv.yaml': `all:\n  vars:\n${bomb('    ')}  hosts:\n    h1: {}\n`,
      'play.yaml': play(debug('x')),
    },
    args: ['-i', 'inv.yaml'],
    code: 1,
    expect: [/inv\.yaml/, /alias/i],
  },
  {
    name: 'alias bomb in vars_files',
    files: { 'v.yaml': bomb(''), 'play.yaml': `${HEAD}  vars_files: [v.yaml]\n  tasks:\n${debug('x')}` },
    code: 1,
    expect: [/v\.yaml/, /alias/i],
  },
  {
    name: 'alias bomb in -e @file',
    files: { 'v.yaml': bomb(''), 'play.yaml': play(debug('x')) },
    args: ['-e', '@v.yaml'],
    code: 1,
    expect: [/v\.yaml/, /alias/i],
  },
  {
    name: 'alias bomb through from_yaml',
    files: {
      'play.yaml': play(debug('{{length (from_yaml doc)}}'), `    doc: ${JSON.stringify(bomb(''))}\n`),
    },
    code: 2,
    expect: [/alias/i, /show/],
  },
  {
    name: 'flow nesting 5000 deep',
    files: { 'play.yaml': play(debug('x'), `    deep: ${flowDeep(5000)}\n`) },
    code: 1,
    expect: [/play\.yaml:\d+:\d+/, /nesting too deep/],
  },
  {
    name: 'flow mapping nesting 2000 deep',
    files: { 'play.yaml': play(debug('x'), `    deep: ${'{a: '.repeat(2000)}1${'}'.repeat(2000)}\n`) },
    code: 1,
    expect: [/play\.yaml/, /nesting too deep/],
  },
  {
    name: 'block nesting 3000 deep',
    files: { 'play.yaml': play(debug('x'), `    deep:\n${blockDeep(3000, 6)}`) },
    code: 1,
    expect: [/play\.yaml/, /nesting too deep/],
  },
  {
    name: 'deep nesting in an inventory',
    files: { 'inv.yaml': `all:\n  vars:\n    deep: ${flowDeep(5000)}\n`, 'play.yaml': play(debug('x')) },
    args: ['-i', 'inv.yaml'],
    code: 1,
    expect: [/inv\.yaml/, /nesting too deep/],
  },
  {
    name: 'a 17 MiB scalar',
    files: { 'play.yaml': play(debug('x'), `    big: "${'x'.repeat(17 << 20)}"\n`) },
    code: 1,
    expect: [/play\.yaml/, /limit/],
  },
  {
    name: 'a 17 MiB inventory',
    files: {
      'inv.yaml': `all:\n  vars:\n    big: "${'y'.repeat(17 << 20)}"\n`,
      'play.yaml': play(debug('x')),
    },
    args: ['-i', 'inv.yaml'],
    code: 1,
    expect: [/inv\.yaml/, /limit/],
  },
  {
    name: 'a template that refers to itself',
    files: { 'play.yaml': play(debug('{{a}}'), "    a: '{{a}}'\n") },
    code: 2,
    expect: [/nest too deeply/, /show/, /localhost/],
  },
  {
    name: 'templates that refer to each other',
    files: { 'play.yaml': play(debug('{{a}}'), "    a: 'x{{b}}'\n    b: 'y{{a}}'\n") },
    code: 2,
    expect: [/nest too deeply/, /show/],
  },
  {
    name: 'a self-referencing loop list',
    files: {
      'play.yaml': play(
        "    - name: spin\n      debug: { msg: '{{item}}' }\n      loop: '{{xs}}'\n",
        "    xs: '{{xs}}'\n",
      ),
    },
    code: 2,
    expect: [/nest too deeply/, /spin/],
  },
  {
    // Linear-time RE2 matching (src/safe-regex.ts): the pattern that backtracks for hours in
    // JavaScript's engine answers at once.
    name: 'catastrophic regex backtracking',
    files: { 'play.yaml': play(debug(`{{match "${'a'.repeat(40)}!" "^(a+)+$"}}`)) },
    code: 0,
    expect: [/ok: \[localhost\] => false/],
  },
  {
    name: 'a regex feature RE2 does not have (lookahead)',
    files: { 'play.yaml': play(debug(`{{match "abc" "a(?=b)"}}`)) },
    code: 2,
    expect: [/show/, /bad regular expression/, /\(\?=/],
  },

  // Invalid UTF-8: refused with the place, not read as U+FFFD.
  {
    name: 'invalid UTF-8 in a playbook',
    files: { 'play.yaml': withBytes('- name: p', '\n  hosts: localhost\n  tasks: []\n') },
    code: 1,
    expect: [/play\.yaml:1:\d+: not valid UTF-8/],
  },
  {
    name: 'invalid UTF-8 in an inventory',
    files: { 'inv.yaml': withBytes('all:\n  hosts:\n    h', ': {}\n'), 'play.yaml': play(debug('x')) },
    args: ['-i', 'inv.yaml'],
    code: 1,
    expect: [/inv\.yaml:3:\d+: not valid UTF-8/],
  },
  {
    name: 'invalid UTF-8 in vars_files',
    files: {
      'v.yaml': withBytes('a: ', '\n'),
      'play.yaml': `${HEAD}  vars_files: [v.yaml]\n  tasks:\n${debug('x')}`,
    },
    code: 1,
    expect: [/v\.yaml:1:\d+: not valid UTF-8/],
  },
  {
    name: 'invalid UTF-8 in -e @file',
    files: { 'v.yaml': withBytes('a: ', '\n'), 'play.yaml': play(debug('x')) },
    args: ['-e', '@v.yaml'],
    code: 1,
    expect: [/v\.yaml/, /UTF-8/],
  },
  {
    name: 'NUL bytes in a playbook',
    files: { 'play.yaml': `- name: p\0\0\n  hosts: localhost\n  tasks: []\n` },
    code: 1,
    expect: [/play\.yaml:1:\d+/],
  },

  // Prototypes: never reached, never polluted.
  {
    name: '{{constructor}}',
    files: { 'play.yaml': play(debug('{{constructor}}')) },
    code: 2,
    expect: [/undefined variable "constructor"/, /show/],
  },
  {
    name: '{{__proto__}}',
    files: { 'play.yaml': play(debug('{{__proto__}}')) },
    code: 2,
    expect: [/undefined variable "__proto__"/],
  },
  {
    name: '{{toString}}',
    files: { 'play.yaml': play(debug('{{toString}}')) },
    code: 2,
    expect: [/undefined variable "toString"/],
  },
  {
    name: '{{this.constructor.name}}',
    files: { 'play.yaml': play(debug('{{this.constructor.name}}')) },
    code: 2,
    expect: [/undefined variable/, /constructor/],
  },
  {
    name: 'a vars value.constructor',
    files: { 'play.yaml': play(debug('{{v.constructor}}'), '    v: { a: 1 }\n') },
    code: 2,
    expect: [/undefined variable "v\.constructor"/],
  },
  {
    name: 'constructor.constructor as a helper',
    files: { 'play.yaml': play(debug('{{constructor.constructor "return process"}}')) },
    code: 1,
    expect: [/play\.yaml:\d+:\d+/, /unknown helper/],
  },
  {
    name: 'lookup of __proto__',
    files: { 'play.yaml': play(debug('[{{lookup this "__proto__"}}]') + CLEAN) },
    code: 0,
    expect: [/=> \[\]/, /clean\b/, /clean2/],
  },
  {
    name: '__proto__ key in play vars',
    files: { 'play.yaml': play(CLEAN, '    __proto__: { polluted: yes }\n') },
    code: 0,
    expect: [/clean\b/, /clean2/],
    reject: [/=> (yes|true)\b/],
  },
  {
    name: '__proto__ key in set_fact',
    files: { 'play.yaml': play(`    - set_fact:\n        __proto__: { polluted: 1 }\n${CLEAN}`) },
    code: 0,
    expect: [/clean\b/, /clean2/],
  },
  {
    name: '__proto__ host vars in an inventory',
    files: {
      'inv.yaml': `all:\n  hosts:\n    h1:\n      ansible_connection: local\n      __proto__: { polluted: 1 }\n`,
      'play.yaml': invPlay(CLEAN),
    },
    args: ['-i', 'inv.yaml'],
    code: 0,
    expect: [/clean\b/, /clean2/],
  },
  {
    name: '__proto__ in -e JSON',
    files: { 'play.yaml': play(CLEAN) },
    args: ['-e', '{"__proto__": {"polluted": 1}}'],
    code: 0,
    expect: [/clean\b/, /clean2/],
  },
  {
    name: '__proto__ through from_json',
    files: {
      'play.yaml': play(
        `    - set_fact:\n        parsed: '{{from_json "{\\"__proto__\\": {\\"polluted\\": 1}}"}}'\n${CLEAN}`,
      ),
    },
    code: 0,
    expect: [/clean\b/, /clean2/],
  },
  {
    name: 'register: __proto__',
    files: {
      'play.yaml': play(`    - name: reg\n      debug: { msg: x }\n      register: __proto__\n${CLEAN}`),
    },
    code: 0,
    expect: [/clean\b/, /clean2/],
  },
];
