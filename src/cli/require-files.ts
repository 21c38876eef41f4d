/** Early checks that the files named on the command line exist, so the message names the flag. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DeckhandError } from '../errors.js';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** requireFiles throws E_FILE for a playbook or inventory that is missing or not a file. */
export async function requireFiles(
  cwd: string,
  playbook: string,
  inventories: readonly string[],
): Promise<void> {
  if (!(await isFile(resolve(cwd, playbook)))) {
    throw new DeckhandError('E_FILE', `playbook not found: ${playbook}`, { context: { path: playbook } });
  }
  for (const inv of inventories) {
    if (!(await isFile(resolve(cwd, inv)))) {
      throw new DeckhandError('E_FILE', `inventory not found: ${inv} (-i)`, {
        context: { path: inv, field: '-i' },
      });
    }
  }
}
