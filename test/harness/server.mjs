// Starts code-server (a real VS Code server + web workbench) on a free loopback port with
// a throw-away user-data and extensions folder, in its own process group.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureCodeServer } from './install.mjs';
import { killGroup, taggedEnv, trackGroup, untrackGroup } from './processes.mjs';

/** Settings that keep the workbench quiet and deterministic for tests and screenshots. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
  'files.hotExit': 'off',
};

/** Color themes by short name. */
export const THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' };

function log(message) {
  console.log(`[harness] ${message}`);
}

/** Asks the OS for a free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The last lines of a log file ('(no log)' when it cannot be read). */
export function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function answers(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts code-server. Options:
 *  - workspace: folder to open (default: none)
 *  - settings: user settings merged over QUIET_SETTINGS (e.g. { 'workbench.colorTheme': THEMES.light })
 *  - theme: 'dark' | 'light' shorthand for workbench.colorTheme
 *  - port: port to try first (default: $UE_TEST_PORT or a free one); a busy port makes it pick another
 *  - timeoutMs: how long to wait for it to answer (default $UE_SERVER_TIMEOUT_MS or 90 s)
 *  - install: .vsix files installed into its extensions folder first (`code-server --install-extension`)
 *  - locale: display language (`--locale`), e.g. 'qps-ploc' for the pseudo-locale test
 * Returns { port, origin, tmp, logFile, pid, workbenchUrl(opts), stop() }.
 */
export async function startCodeServer(options = {}) {
  const cs = ensureCodeServer();
  const timeoutMs = options.timeoutMs ?? Number(process.env.UE_SERVER_TIMEOUT_MS || 90_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-code-server-'));
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settings = { ...QUIET_SETTINGS, ...(options.settings || {}) };
  if (options.theme) settings['workbench.colorTheme'] = THEMES[options.theme] || options.theme;
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  if (options.locale) registerLanguagePack(userDataDir, tmp, options.locale);
  for (const vsix of options.install || []) installExtension(cs, vsix, { userDataDir, extensionsDir });

  let requested = options.port ?? (process.env.UE_TEST_PORT ? Number(process.env.UE_TEST_PORT) : undefined);
  const attempts = 5;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = requested ?? (await freePort());
    requested = undefined;
    const logFile = path.join(tmp, `code-server-${port}.log`);
    const out = fs.openSync(logFile, 'w');
    const args = [
      cs.entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option',
      'enable-smoke-test-driver',
      '--config',
      path.join(tmp, 'config.yaml'),
    ];
    if (options.locale) args.push('--locale', options.locale);
    if (options.workspace) args.push(options.workspace);
    const child = spawn(cs.node, args, {
      detached: true,
      stdio: ['ignore', out, out],
      env: taggedEnv({ ...process.env, PATH: `${path.join(cs.nodeHome, 'bin')}${path.delimiter}${process.env.PATH}` }),
    });
    fs.closeSync(out);
    const pgid = child.pid;
    trackGroup(pgid);
    let exited = null;
    child.on('exit', (code, signal) => (exited = { code, signal }));

    const origin = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + timeoutMs;
    let up = false;
    while (Date.now() < deadline && !exited) {
      if (await answers(`${origin}/healthz`)) {
        up = true;
        break;
      }
      if (/EADDRINUSE/.test(tail(logFile, 20))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (up) {
      log(`code-server ${path.basename(cs.root)} answering at ${origin} (pid ${pgid}, log ${logFile})`);
      const stop = async () => {
        await killGroup(pgid);
        untrackGroup(pgid);
        if (!options.keepTmp) fs.rmSync(tmp, { recursive: true, force: true });
      };
      return {
        port,
        origin,
        tmp,
        logFile,
        pid: pgid,
        userDataDir,
        workbenchUrl: (opts = {}) => workbenchUrl({ origin, folder: options.workspace, ...opts }),
        logTail: (n) => tail(logFile, n),
        stop,
      };
    }
    const exitedEarly = exited;
    await killGroup(pgid);
    untrackGroup(pgid);
    const logText = tail(logFile, 40);
    if (/EADDRINUSE/.test(logText) && attempt < attempts) {
      log(`port ${port} is in use; trying another`);
      continue;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    const why = exitedEarly
      ? `exited early (${exitedEarly.code ?? exitedEarly.signal})`
      : `did not answer on ${origin} within ${Math.round(timeoutMs / 1000)} s`;
    throw new Error(`code-server ${why}. Last lines of its log:\n${logText}`);
  }
  throw new Error('code-server: no free port found');
}

/**
 * code-server takes a display language (`--locale`) only when a language pack for it is listed in
 * the user-data folder's languagepacks.json (what installing one writes); otherwise it falls back
 * to English. This lists one with an empty translation of VS Code itself: the workbench stays in
 * English, while `vscode.env.language` is `locale` and extensions load their bundles for it
 * (l10n/bundle.l10n.<locale>.json, package.nls.<locale>.json).
 */
function registerLanguagePack(userDataDir, tmp, locale) {
  const core = path.join(tmp, `core.${locale}.i18n.json`);
  fs.writeFileSync(core, JSON.stringify({ version: '1.0.0', contents: {} }));
  const pack = {
    hash: `test-${locale}`,
    extensions: [{ extensionIdentifier: { id: 'usage-explorer-tests.language-pack' }, version: '0.0.1' }],
    translations: { vscode: core },
    label: locale,
  };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify({ [locale]: pack }));
}

/** Installs a .vsix the way a user does, into `extensionsDir`; throws with code-server's output when it fails. */
function installExtension(cs, vsix, { userDataDir, extensionsDir }) {
  const result = spawnSync(cs.node, [cs.entry, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--force'], {
    encoding: 'utf8',
    timeout: 120_000,
    env: taggedEnv({ ...process.env }),
  });
  const output = `${result.stdout || ''}${result.stderr || ''}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${path.basename(vsix)} failed (${result.status ?? result.error?.message ?? result.signal}):\n${output}`);
  }
  log(`installed ${path.basename(vsix)} into ${extensionsDir}`);
}

/**
 * The workbench URL. `extensionDevelopmentPath` / `extensionTestsPath` are absolute local
 * paths; they go in the smoke-test driver's `payload` as vscode-remote URIs.
 */
export function workbenchUrl({ origin, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const host = new URL(origin).host;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${host}${extensionDevelopmentPath}`]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}${extensionTestsPath}`]);
  const params = new URLSearchParams();
  if (folder) params.set('folder', folder);
  if (payload.length) params.set('payload', JSON.stringify(payload));
  const query = params.toString();
  return `${origin}/${query ? `?${query}` : ''}`;
}
