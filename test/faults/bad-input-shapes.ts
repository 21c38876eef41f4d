/** The second half of the bad-input table: shapes that are not a playbook, inventories, module arguments. */
import { CLEAN, debug, HEAD, INV, invPlay, play, type BadInput } from './bad-input-cases.js';

/** shapeCases: malformed structure, inventories and module arguments. */
export const shapeCases: BadInput[] = [
  {
    name: 'register: constructor',
    files: {
      'play.yaml': play(
        `    - name: reg\n      debug: { msg: x }\n      register: constructor\n${debug('{{constructor.msg}}')}`,
      ),
    },
    code: 0,
    expect: [/=> x/],
  }, // Shapes that are not a playbook.
  { name: 'an empty playbook file', files: { 'play.yaml': '' }, code: 1, expect: [/play\.yaml/] },
  { name: 'a scalar playbook', files: { 'play.yaml': 'just text\n' }, code: 1, expect: [/play\.yaml/] },
  {
    name: 'tasks as a string',
    files: { 'play.yaml': `${HEAD}  tasks: debug\n` },
    code: 1,
    expect: [/play\.yaml:4:\d+/, /tasks/],
  },
  {
    name: 'a null task',
    files: { 'play.yaml': `${HEAD}  tasks:\n    -\n` },
    code: 1,
    expect: [/play\.yaml:\d+:\d+/],
  },
  {
    name: 'a task that is a list',
    files: { 'play.yaml': `${HEAD}  tasks:\n    - [debug, x]\n` },
    code: 1,
    expect: [/play\.yaml:5:\d+/],
  },
  {
    name: 'two YAML documents',
    files: { 'play.yaml': `${play(debug('x'))}---\n${play(debug('y'))}` },
    code: 1,
    expect: [/play\.yaml:\d+:\d+/],
  },
  {
    name: 'a python object tag',
    files: { 'play.yaml': play(debug('x'), '    o: !!python/object:os.system [ls]\n') },
    code: 0,
    expect: [/=> x/],
  },
  {
    name: 'an unclosed template',
    files: { 'play.yaml': play(debug('{{ name')) },
    code: 1,
    expect: [/play\.yaml:\d+:\d+/, /show|debug/],
  },
  {
    name: 'hosts as a mapping',
    files: { 'play.yaml': '- name: p\n  hosts: { a: 1 }\n  tasks: []\n' },
    code: 1,
    expect: [/play\.yaml:2:\d+/, /hosts/],
  },

  // Inventories.
  {
    name: 'an inventory that is a list',
    files: { 'inv.yaml': '- h1\n- h2\n', 'play.yaml': play(debug('x')) },
    args: ['-i', 'inv.yaml'],
    code: 1,
    expect: [/inv\.yaml/],
  },
  {
    name: 'hosts as a list in an inventory',
    files: { 'inv.yaml': 'all:\n  hosts: [h1, h2]\n', 'play.yaml': play(debug('x')) },
    args: ['-i', 'inv.yaml'],
    code: 1,
    expect: [/inv\.yaml:2:\d+/, /hosts/],
  },
  {
    name: 'a group cycle',
    files: {
      'inv.yaml':
        'all:\n  children:\n    a:\n      children:\n        b:\n          children:\n            a: {}\n',
      'play.yaml': play(debug('x')),
    },
    args: ['-i', 'inv.yaml'],
    code: 1,
    expect: [/inv\.yaml/, /group "a" is its own ancestor: .*a → b → a/],
  },
  {
    name: 'a group named __proto__',
    files: {
      'inv.yaml': `${INV}  children:\n    __proto__:\n      hosts: { h1: {} }\n`,
      'play.yaml': invPlay(CLEAN),
    },
    args: ['-i', 'inv.yaml'],
    code: 0,
    expect: [/clean\b/, /clean2/],
  },

  // Module arguments.
  {
    name: 'image pull manifests is a number',
    files: { 'play.yaml': play('    - name: img\n      image:\n        pull:\n          manifests: 42\n') },
    code: 1,
    expect: [/play\.yaml:\d+:\d+/, /manifests/],
  },
  {
    name: 'image pull of an uppercase repository',
    files: {
      'play.yaml': play(
        '    - name: img\n      image:\n        pull:\n          manifests: ["Registry.local/UPPER/App:v1"]\n          images_dir: out\n',
      ),
    },
    code: 2,
    expect: [/img/, /UPPER\/App|reference/],
  },
  {
    name: 'image pull of a path-traversal digest',
    files: {
      'play.yaml': play(
        '    - name: img\n      image:\n        pull:\n          manifests: ["127.0.0.1:1/x@sha256:../../etc/passwd"]\n          images_dir: out\n',
      ),
    },
    code: 2,
    expect: [/img/, /digest/],
  },
  {
    name: 'image pull with a bad platform',
    files: {
      'play.yaml': play(
        '    - name: img\n      image:\n        pull:\n          manifests: ["127.0.0.1:1/x:1"]\n          platform: "linux/"\n          images_dir: out\n',
      ),
    },
    code: 2,
    expect: [/img/, /platform/],
  },
  {
    name: 'image push with an invalid src_pattern',
    files: {
      'play.yaml': play(
        '    - name: img\n      image:\n        push:\n          images_dir: out\n          src_pattern: "(["\n          dest: "127.0.0.1:1/{{module.image.src.reference.repository}}"\n',
      ),
    },
    code: 1,
    expect: [/play\.yaml:9:\d+/, /src_pattern/, /not a valid regular expression/],
  },
  {
    name: 'image push without dest',
    files: { 'play.yaml': play('    - name: img\n      image:\n        push:\n          images_dir: out\n') },
    code: 1,
    expect: [/play\.yaml:\d+:\d+/, /dest/],
  },
  {
    name: 'command with an empty argument',
    files: { 'play.yaml': play('    - name: cmd\n      command: ""\n') },
    code: 1,
    expect: [/play\.yaml:6:\d+/, /command/],
  },
  {
    name: 'a huge loop of templates',
    files: {
      'play.yaml': play(
        "    - name: many\n      debug: { msg: '{{item}}' }\n      loop: '{{split (repeat) \",\"}}'\n",
      ),
    },
    code: 1,
    expect: [/repeat/, /unknown helper/],
  },
];
