/** Runs test/helpers/copy-child.ts as a separate process (crash and multi-process tests). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CopyChildArgs } from './copy-child.js';

const CHILD = fileURLToPath(new URL('./copy-child.js', import.meta.url));

/** runChild runs the copy child; with `killAfterMs` it is SIGKILLed then (if still running). */
export function runChild(
  args: CopyChildArgs,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
