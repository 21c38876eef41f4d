import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './harness.js';

const FOUR = `
all:
  vars: {ansible_connection: local}
  hosts: {h1: {}, h2: {}, h3: {}, h4: {}}
`;

/** ran lists, per task name, the hosts that ran it (in the report). */
async function ran(play: string): Promise<Record<string, string[]>> {
  const { report } = await run(play, FOUR);
  return Object.fromEntries(report.plays[0]?.tasks.map((t) => [t.name, Object.keys(t.hosts).sort()]) ?? []);
}

test('failure policy: max_fail_percentage, serial batches, any_errors_fatal', async () => {
  const failOn = (hosts: string[]) =>
    `    - name: check\n      boom: down\n      when: "{{contains (list ${hosts.map((h) => `'${h}'`).join(' ')}) inventory_hostname}}"\n`;
  const cases: Array<{ name: string; keys: string; fail: string[]; expected: Record<string, string[]> }> = [
    {
      name: 'no policy: the others go on',
      keys: '',
      fail: ['h2', 'h3'],
      expected: { check: ['h1', 'h2', 'h3', 'h4'], next: ['h1', 'h4'] },
    },
    {
      name: 'max_fail_percentage 25, 1 of 4 failed (25%, not more): go on',
      keys: 'max_fail_percentage: 25',
      fail: ['h2'],
      expected: { check: ['h1', 'h2', 'h3', 'h4'], next: ['h1', 'h3', 'h4'] },
    },
    {
      name: 'max_fail_percentage 25, 2 of 4 failed: stop',
      keys: 'max_fail_percentage: 25',
      fail: ['h2', 'h3'],
      expected: { check: ['h1', 'h2', 'h3', 'h4'] },
    },
    {
      name: 'max_fail_percentage 0: any failure stops',
      keys: 'max_fail_percentage: 0',
      fail: ['h4'],
      expected: { check: ['h1', 'h2', 'h3', 'h4'] },
    },
    {
      name: 'serial 2 with max_fail_percentage 49: counted per batch, the second batch never starts',
      keys: 'serial: 2\n  max_fail_percentage: 49',
      fail: ['h2'],
      expected: { check: ['h1', 'h2'] },
    },
    {
      name: 'serial [1, 3]: a batch whose every host failed stops the play',
      keys: 'serial: [1, 3]',
      fail: ['h1'],
      expected: { check: ['h1'] },
    },
    {
      name: 'serial ["50%"]: one failure in a batch, the next batch still runs',
      keys: 'serial: ["50%"]',
      fail: ['h1'],
      expected: { check: ['h1', 'h2', 'h3', 'h4'], next: ['h2', 'h3', 'h4'] },
    },
    {
      name: 'any_errors_fatal: one failure stops every host',
      keys: 'any_errors_fatal: true',
      fail: ['h3'],
      expected: { check: ['h1', 'h2', 'h3', 'h4'] },
    },
  ];
  for (const c of cases) {
    const play = `- hosts: all\n  ${c.keys}\n  tasks:\n${failOn(c.fail)}    - {name: next, echo: ok}\n`;
    assert.deepEqual(await ran(play), c.expected, c.name);
  }
});
