// Launches the system Chromium through playwright-core (a browser download cannot work here).
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumPath, ensureSystemPackages } from './install.mjs';
import { findPids, taggedEnv, trackGroup, untrackGroup } from './processes.mjs';

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

/** Pids of Chromium processes whose parent is this process, each leading its own group. */
function browserChildren() {
  return findPids((pid) => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const [, ppid, pgrp] = stat.slice(close + 2).split(' ');
    return Number(ppid) === process.pid && Number(pgrp) === pid && /chrom/i.test(comm);
  });
}
