/**
 * The engine benchmark's workload: N local hosts and one 20-task playbook, written for deckhand
 * (Handlebars) and for Ansible (Jinja) so both run the same work: set_fact, debug, when, a loop of 3,
 * register and use.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

type Task = Record<string, unknown>;

/** A task in both dialects. */
interface Pair {
  deckhand: Task;
  ansible: Task;
}

/** pairs returns one round of the workload (10 tasks); `n` keeps names and variables unique per round. */
function pairs(n: number): Pair[] {
  const both = (t: Task): Pair => ({ deckhand: t, ansible: t });
  return [
    both({ name: `facts ${n}`, set_fact: { [`role${n}`]: 'web', [`count${n}`]: 3 } }),
    {
      deckhand: { name: `say ${n}`, debug: { msg: `host {{inventory_hostname}} is {{role${n}}}` } },
      ansible: { name: `say ${n}`, debug: { msg: `host {{ inventory_hostname }} is {{ role${n} }}` } },
    },
    both({ name: `show var ${n}`, debug: { var: `role${n}` } }),
    {
      deckhand: { name: `when true ${n}`, debug: { msg: 'web host' }, when: `{{eq role${n} "web"}}` },
      ansible: { name: `when true ${n}`, debug: { msg: 'web host' }, when: `role${n} == "web"` },
    },
    {
      deckhand: { name: `when false ${n}`, debug: { msg: 'db host' }, when: `{{eq role${n} "db"}}` },
      ansible: { name: `when false ${n}`, debug: { msg: 'db host' }, when: `role${n} == "db"` },
    },
    {
      deckhand: {
        name: `loop ${n}`,
        debug: { msg: 'item {{item}}' },
        loop: ['a', 'b', 'c'],
        register: `looped${n}`,
      },
      ansible: {
        name: `loop ${n}`,
        debug: { msg: 'item {{ item }}' },
        loop: ['a', 'b', 'c'],
        register: `looped${n}`,
      },
    },
    {
      deckhand: {
        name: `register ${n}`,
        debug: { msg: `value-{{inventory_hostname}}-${n}` },
        register: `r${n}`,
      },
      ansible: {
        name: `register ${n}`,
        debug: { msg: `value-{{ inventory_hostname }}-${n}` },
        register: `r${n}`,
      },
    },
    {
      deckhand: { name: `use ${n}`, set_fact: { [`copy${n}`]: `{{r${n}.msg}}` } },
      ansible: { name: `use ${n}`, set_fact: { [`copy${n}`]: `{{ r${n}.msg }}` } },
    },
    {
      deckhand: { name: `loop size ${n}`, debug: { msg: `{{length looped${n}.results}} items` } },
      ansible: { name: `loop size ${n}`, debug: { msg: `{{ looped${n}.results | length }} items` } },
    },
    {
      deckhand: { name: `arith ${n}`, set_fact: { [`total${n}`]: `{{add count${n} 1}}` } },
      ansible: { name: `arith ${n}`, set_fact: { [`total${n}`]: `{{ count${n} + 1 }}` } },
    },
  ];
}

/** TASKS is the playbook's task count (two rounds of ten). */
export const TASKS = 20;

/** Workload: the files written for one host count. */
export interface Workload {
  inventory: string;
  deckhandPlaybook: string;
  ansiblePlaybook: string;
}

/** writeWorkload writes the inventory and both playbooks for `hosts` hosts under `dir`. */
export async function writeWorkload(dir: string, hosts: number): Promise<Workload> {
  await mkdir(dir, { recursive: true });
  const hostMap: Record<string, Record<string, string>> = {};
  for (let i = 1; i <= hosts; i++)
    hostMap[`node${String(i).padStart(3, '0')}`] = { ansible_connection: 'local' };
  const inventory = join(dir, 'inventory.yaml');
  await writeFile(
    inventory,
    stringify({ all: { hosts: hostMap, vars: { ansible_python_interpreter: 'auto_silent' } } }),
  );
  const rounds = [...pairs(1), ...pairs(2)];
  const play = (dialect: 'deckhand' | 'ansible') => [
    { name: 'bench', hosts: 'all', gather_facts: false, tasks: rounds.map((p) => p[dialect]) },
  ];
  const deckhandPlaybook = join(dir, 'deckhand.yaml');
  const ansiblePlaybook = join(dir, 'ansible.yaml');
  await writeFile(deckhandPlaybook, stringify(play('deckhand')));
  await writeFile(ansiblePlaybook, stringify(play('ansible')));
  return { inventory, deckhandPlaybook, ansiblePlaybook };
}
