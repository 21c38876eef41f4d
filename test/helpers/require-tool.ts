/**
 * requireTool: a test that needs a system tool (docker-registry, skopeo, umoci, sshd) skips with a
 * message when it is missing, except under CI=true, where a missing tool is a failure (README, CI).
 */
import { execFileSync } from 'node:child_process';
import type { TestContext } from 'node:test';

/** which returns the absolute path of an executable on PATH (plus sbin dirs), or undefined. */
export function which(name: string): string | undefined {
  const path = `${process.env.PATH ?? ''}:/usr/sbin:/sbin:/usr/local/sbin`;
  try {
    return (
      execFileSync('sh', ['-c', `PATH="${path}" command -v ${name}`], { encoding: 'utf8' }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

/** requireTool returns the tool's path, or skips the test (fails it under CI=true) when it is missing. */
export function requireTool(t: TestContext, name: string, aptPackage = name): string | undefined {
  const p = which(name);
  if (p) return p;
  const msg = `${name} is not installed (apt-get install ${aptPackage})`;
  if (process.env.CI === 'true') throw new Error(`${msg}: required under CI=true`);
  t.skip(msg);
  return undefined;
}
