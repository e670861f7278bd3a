// Keeps track of the process groups the harness starts (code-server, Chromium) and ends
// them all when this process exits, fails, or receives SIGINT/SIGTERM/SIGHUP. A small
// watchdog process also ends them if this process dies without running its handlers
// (for example when it is killed with SIGKILL).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

const groups = new Set();

/**
 * Every process the harness starts gets UE_HARNESS_TAG=<this> in its environment, which its
 * descendants inherit, so processes that leave their group (Chromium's crashpad handler
 * starts its own session) are still found and ended.
 */
export const HARNESS_TAG = `${process.pid}-${randomBytes(6).toString('hex')}`;

/** Environment for a child process: `base` plus the harness tag. */
export function taggedEnv(base = process.env) {
  return { ...base, UE_HARNESS_TAG: HARNESS_TAG };
}

/**
 * Pids of live processes (other than this one) for which `test(pid)` holds, reading /proc
 * (Linux; empty elsewhere). A process that goes away or cannot be read does not match.
 */
export function findPids(test) {
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const pids = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (test(Number(name))) pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** Pids of live processes carrying this run's tag. */
export function taggedPids() {
  const needle = `UE_HARNESS_TAG=${HARNESS_TAG}\0`;
  return findPids((pid) => `${fs.readFileSync(`/proc/${pid}/environ`, 'latin1')}\0`.includes(needle));
}

/** SIGKILLs every live process carrying this run's tag. */
export function killTagged() {
  for (const pid of taggedPids()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
let watchdog;
let installed = false;

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid) {
  return signalGroup(pgid, 0);
}

/** Kills every tracked group right away (synchronous; safe in an 'exit' handler). */
export function killAllNow() {
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  groups.clear();
  killTagged();
  if (watchdog && watchdog.exitCode === null) {
    try {
      watchdog.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Ends one group: SIGTERM, then SIGKILL after `graceMs` if anything in it is still alive. */
export async function killGroup(pgid, graceMs = 3000) {
  if (!pgid) return;
  groups.delete(pgid);
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pgid)) await new Promise((r) => setTimeout(r, 100));
  signalGroup(pgid, 'SIGKILL');
  const hardDeadline = Date.now() + 2000;
  while (Date.now() < hardDeadline && groupAlive(pgid)) await new Promise((r) => setTimeout(r, 50));
}

/** Ends every tracked group gracefully. */
export async function killAll() {
  await Promise.all([...groups].map((pgid) => killGroup(pgid)));
  killAllNow();
}

const WATCHDOG_SOURCE = `
const fs = require('fs');
const parent = Number(process.argv[1]);
const needle = 'UE_HARNESS_TAG=' + process.argv[2] + '\\0';
const groups = new Set();
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
process.stdin.setEncoding('utf8');
let buf = '';
process.stdin.on('data', (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const [op, id] = buf.slice(0, i).split(' ');
    buf = buf.slice(i + 1);
    if (op === '+') groups.add(Number(id)); else groups.delete(Number(id));
  }
});
process.stdin.on('error', () => {});
setInterval(() => {
  let parentAlive = true;
  try { process.kill(parent, 0); } catch { parentAlive = false; }
  if (parentAlive) return;
  for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch {} }
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(name) || Number(name) === process.pid) continue;
    try { if ((fs.readFileSync('/proc/' + name + '/environ', 'latin1') + '\\0').includes(needle)) process.kill(Number(name), 'SIGKILL'); } catch {}
  }
  process.exit(0);
}, 500);
`;

function ensureWatchdog() {
  if (watchdog && watchdog.exitCode === null) return watchdog;
  // Its own group, so a Ctrl-C in the terminal does not reach it; it exits by itself
  // once this process is gone, after killing whatever is still registered.
  watchdog = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, String(process.pid), HARNESS_TAG], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watchdog.unref();
  watchdog.stdin.on('error', () => {});
  // Keep the pipe from holding the event loop open.
  if (watchdog.stdin._handle && watchdog.stdin._handle.unref) watchdog.stdin._handle.unref();
  return watchdog;
}

/** Registers a process group (the pid of a child started with `detached: true`). */
export function trackGroup(pgid) {
  if (!pgid) return;
  installHandlers();
  groups.add(pgid);
  ensureWatchdog().stdin.write(`+ ${pgid}\n`);
}

/** Forgets a group that was ended by other means. */
export function untrackGroup(pgid) {
  groups.delete(pgid);
  if (watchdog && watchdog.exitCode === null) watchdog.stdin.write(`- ${pgid}\n`);
}

let signalExitCode;

/** Exits with `code`, or with 128+n when a signal is stopping this process. Use instead of process.exit. */
export function exit(code) {
  process.exit(signalExitCode ?? code);
}

/** The signal that is stopping this process, if any. */
export function stoppingSignal() {
  return signalExitCode === undefined ? undefined : Object.keys(SIGNAL_CODES).find((s) => SIGNAL_CODES[s] === signalExitCode);
}

const SIGNAL_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Installs exit/signal handlers once. Signals end all groups, then exit 128+n. */
export function installHandlers() {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  for (const [signal, code] of Object.entries(SIGNAL_CODES)) {
    process.on(signal, () => {
      if (signalExitCode !== undefined) return;
      signalExitCode = code;
      console.error(`\n[harness] ${signal}: stopping code-server and Chromium`);
      process.exitCode = code;
      // The runner sees its browser and server go away, reports, and exits through exit();
      // if it does not within a few seconds, exit anyway.
      killAll().finally(() => setTimeout(() => process.exit(code), 3_000));
    });
  }
}
