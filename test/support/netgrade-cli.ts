/** Runs `bin/netgrade.js` as a user would, with its output on pipes, and collects what it printed. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.js';

export const CLI = path.join(PROJECT_ROOT, 'bin', 'netgrade.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env` entries set to undefined are removed from the child's environment. */
export function netgrade(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, NETGRADE_TOKEN: undefined, NETGRADE_URL: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
