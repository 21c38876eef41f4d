/** Running one measured command: wall time, peak RSS of its process tree, output kept for errors. */
import { spawn } from 'node:child_process';
import { RssSampler } from './rss.js';

/** What one command cost. */
export interface ProcessRun {
  seconds: number;
  peakRssBytes: number;
  stdout: string;
  stderr: string;
}

/** runMeasured runs `argv` to its end; a non-zero exit throws with the tail of its output. */
export function runMeasured(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = new RssSampler(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-20_000)));
    child.on('error', (e) => {
      sampler.stop();
      reject(e);
    });
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - t0) / 1000;
      const peakRssBytes = sampler.stop();
      if (code !== 0) {
        reject(
          new Error(
            `${argv.slice(0, 4).join(' ')} … exited with ${code ?? signal}\n${stderr.slice(-3000)}\n${stdout.slice(-2000)}`,
          ),
        );
        return;
      }
      resolve({ seconds, peakRssBytes, stdout, stderr });
    });
  });
}
