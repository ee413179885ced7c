/** Runs test/support/dnspython-decode.py: every message parsed by dnspython in one Python process. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./dnspython-decode.py', import.meta.url));
/** Debian's interpreter, which has python3-dnspython; the `python3` on PATH may be another one. */
export const DNSPYTHON_INTERPRETER = '/usr/bin/python3';

export type DnspythonAnswer = { message: unknown } | { error: string };

export function decodeWithDnspython(messages: Uint8Array[]): DnspythonAnswer[] {
  const input = JSON.stringify(messages.map((bytes) => Buffer.from(bytes).toString('hex')));
  const output = execFileSync(DNSPYTHON_INTERPRETER, [SCRIPT], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output) as DnspythonAnswer[];
}
