// Launches the system Chromium through playwright-core (a browser download cannot work here).
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumPath, ensureSystemPackages } from './install.mjs';
import { taggedEnv, trackGroup, untrackGroup } from './processes.mjs';

/** Flags that keep Chromium from reaching outside on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Launches headless Chromium (UE_HEADED=1 for a visible window). Close it with browser.close(). */
export async function launchChromium(options = {}) {
  if (!process.env.UE_CHROMIUM) ensureSystemPackages(['chromium']);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: options.headless ?? process.env.UE_HEADED !== '1',
    args: CHROMIUM_ARGS,
    timeout: 60_000,
    env: taggedEnv(),
    // processes.mjs handles signals: it ends Chromium along with code-server.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  // playwright starts the browser as our child in its own process group and kills that
  // group itself; track it too, so the watchdog ends it if this process is SIGKILLed.
  for (const pid of browserChildren()) {
    trackGroup(pid);
    browser.on('disconnected', () => untrackGroup(pid));
  }
  return browser;
}

/** Pids of Chromium processes whose parent is this process (Linux /proc; empty elsewhere). */
function browserChildren() {
  const pids = [];
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const [, ppid, pgrp] = stat.slice(close + 2).split(' ');
      if (Number(ppid) === process.pid && Number(pgrp) === Number(name) && /chrom/i.test(comm)) pids.push(Number(name));
    } catch {
      // process went away
    }
  }
  return pids;
}
