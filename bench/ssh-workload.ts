/**
 * The SSH benchmark's workload: N inventory hosts that all reach one loopback sshd, and one 10-task
 * playbook (command, shell, copy, template, debug, set_fact, when true/false, register and use) written
 * for deckhand (Handlebars) and for Ansible (Jinja), so both do the same remote work.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

type Task = Record<string, unknown>;

/** TASKS is the playbook's task count. */
export const TASKS = 10;

/** SshTarget: how every inventory host reaches the one sshd. */
export interface SshTarget {
  port: number;
  user: string;
  keyFile: string;
  knownHosts: string;
}

/** Workload: the files written for one host count. */
export interface Workload {
  hosts: string[];
  deckhandInventory: string;
  ansibleInventory: string;
  deckhandPlaybook: string;
  ansiblePlaybook: string;
  /** A playbook with no tasks: Ansible's start-up and inventory cost alone. */
  ansibleEmpty: string;
}

// The same text renders in Handlebars and Jinja.
const NOTE = '{{ inventory_hostname }} is a {{ role }} host\n';

/** tasks returns the workload in one dialect; only expressions differ (`when`, filters). */
function tasks(dialect: 'deckhand' | 'ansible'): Task[] {
  const d = dialect === 'deckhand';
  const file = (ext: string) => `{{ work }}/{{ inventory_hostname }}.${ext}`;
  return [
    { name: 'facts', set_fact: { role: 'web', greeting: 'hello' } },
    { name: 'command', command: 'echo {{ greeting }} from {{ inventory_hostname }}', register: 'cmd' },
    { name: 'shell', shell: `echo {{ cmd.stdout }} | tr a-z A-Z > ${file('shell')}` },
    {
      name: 'copy',
      copy: { content: 'copied to {{ inventory_hostname }}\n', dest: file('copy'), mode: '0644' },
    },
    {
      name: 'template',
      template: { src: d ? 'note.hbs' : 'note.j2', dest: file('note'), mode: '0644' },
    },
    {
      name: 'when true',
      command: `cat ${file('note')}`,
      when: d ? '{{eq role "web"}}' : 'role == "web"',
      register: 'note',
    },
    { name: 'when false', command: 'echo never', when: d ? '{{eq role "db"}}' : 'role == "db"' },
    { name: 'debug', debug: { msg: '{{ note.stdout }}' } },
    { name: 'use register', set_fact: { summary: '{{ cmd.stdout }}/{{ note.rc }}' } },
    {
      name: 'shell register',
      shell: `cat ${file('shell')} ${file('copy')} | wc -l`,
      register: 'lines',
    },
  ];
}

/** hostNames returns `count` inventory names (node01…). */
export function hostNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `node${String(i + 1).padStart(2, '0')}`);
}

/**
 * writeWorkload writes both inventories and playbooks under `dir`. Ansible's hosts each get their own
 * ControlPath under `controlDir`: its default (`%C`, a hash of host, port and user) is the same for
 * twenty names of one sshd, and their masters race for one socket.
 */
export async function writeWorkload(
  dir: string,
  count: number,
  target: SshTarget,
  controlDir: string,
): Promise<Workload> {
  await mkdir(dir, { recursive: true });
  const hosts = hostNames(count);
  const common = {
    ansible_connection: 'ssh',
    ansible_host: '127.0.0.1',
    ansible_port: target.port,
    ansible_user: target.user,
    ansible_ssh_private_key_file: target.keyFile,
  };
  const deckhandHosts: Record<string, unknown> = {};
  const ansibleHosts: Record<string, unknown> = {};
  for (const h of hosts) {
    deckhandHosts[h] = common;
    ansibleHosts[h] = {
      ...common,
      ansible_ssh_common_args: `-o UserKnownHostsFile=${target.knownHosts} -o ControlPath=${join(controlDir, h)}`,
    };
  }
  const deckhandInventory = join(dir, 'deckhand-inventory.yaml');
  const ansibleInventory = join(dir, 'ansible-inventory.yaml');
  await writeFile(deckhandInventory, stringify({ all: { hosts: deckhandHosts } }));
  // A fixed interpreter spares Ansible its per-host discovery round trip (the setup that favours it).
  const ansibleVars = { ansible_python_interpreter: '/usr/bin/python3' };
  await writeFile(ansibleInventory, stringify({ all: { hosts: ansibleHosts, vars: ansibleVars } }));
  const play = (t: Task[]) => [{ name: 'bench ssh', hosts: 'all', gather_facts: false, tasks: t }];
  const deckhandPlaybook = join(dir, 'deckhand.yaml');
  const ansiblePlaybook = join(dir, 'ansible.yaml');
  const ansibleEmpty = join(dir, 'ansible-empty.yaml');
  await writeFile(deckhandPlaybook, stringify(play(tasks('deckhand'))));
  await writeFile(ansiblePlaybook, stringify(play(tasks('ansible'))));
  await writeFile(ansibleEmpty, stringify(play([])));
  await writeFile(join(dir, 'note.hbs'), NOTE);
  await writeFile(join(dir, 'note.j2'), NOTE);
  return { hosts, deckhandInventory, ansibleInventory, deckhandPlaybook, ansiblePlaybook, ansibleEmpty };
}

/**
 * checkRemoteFiles verifies what the playbook left in `work` for every host, so a run that skipped
 * the remote work cannot pass as fast. Returns the problems found (empty when all is well).
 */
export async function checkRemoteFiles(work: string, hosts: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const want = (h: string): Record<string, string> => ({
    shell: `HELLO FROM ${h.toUpperCase()}\n`,
    copy: `copied to ${h}\n`,
    note: `${h} is a web host\n`,
  });
  for (const h of hosts) {
    for (const [ext, text] of Object.entries(want(h))) {
      const got = await readFile(join(work, `${h}.${ext}`), 'utf8').catch(() => undefined);
      if (got !== text) problems.push(`${h}.${ext}: ${JSON.stringify(got)} (want ${JSON.stringify(text)})`);
    }
  }
  return problems;
}
