#!/usr/bin/env node
// Starts the netgrade command line with the flags it needs: TypeScript through tsx, and the V8
// startup snapshot off, which isolated-vm requires on Node 20 and later.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const main = fileURLToPath(new URL('../harness/cli/main.ts', import.meta.url));
const child = spawn(process.execPath, ['--no-node-snapshot', '--import', tsx, main, ...process.argv.slice(2)], { stdio: 'inherit' });
// A supervisor stops the command by signalling this process alone: pass the signal on, so that the
// command (a `netgrade worker`, say) stops as it would itself. Ctrl+C needs no passing on: the
// terminal signals the whole process group, and the command takes SIGINT once.
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
