// Gets the pinned Node 24 and code-server into a cache outside the clone, and the
// Debian packages the tests need (Chromium, libkrb5-dev for code-server's build).
// Everything is keyed by version and installed into a temporary folder that is
// renamed into place only when complete, so an interrupted install is never reused.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CODE_SERVER_VERSION = process.env.UE_CODE_SERVER_VERSION || '4.139.1';
export const NODE_VERSION = process.env.UE_NODE_VERSION || '24.21.0';

/** The cache root: $UE_TEST_CACHE, else $XDG_CACHE_HOME/usage-explorer-test, else ~/.cache/usage-explorer-test. */
export function cacheDir() {
  if (process.env.UE_TEST_CACHE) return path.resolve(process.env.UE_TEST_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'usage-explorer-test');
}

function log(message) {
  console.log(`[harness] ${message}`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${cmd} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
  return result;
}

/**
 * Runs `fill(tmp)` in a fresh temporary folder beside `target` and renames it to `target`
 * when `fill` succeeds and `check(tmp)` holds. Leaves `target` untouched on failure.
 */
function installAtomically(target, fill, check) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = fs.mkdtempSync(`${target}.partial-`);
  try {
    fill(tmp);
    if (!check(tmp)) throw new Error(`install into ${tmp} finished but looks incomplete`);
    try {
      fs.renameSync(tmp, target);
    } catch (error) {
      // Someone else finished first: keep theirs.
      if (!check(target)) throw error;
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

function nodePlatformName() {
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  const platform = { linux: 'linux', darwin: 'darwin' }[process.platform];
  if (!arch || !platform) throw new Error(`no Node package for ${process.platform}-${process.arch}`);
  return `node-${platform}-${arch}`;
}

/** Returns the folder holding Node 24's bin/node and include/node (installing it when missing). */
export function ensureNode() {
  const pkg = nodePlatformName();
  const target = path.join(cacheDir(), `${pkg}-${NODE_VERSION}`);
  const nodeHome = (dir) => path.join(dir, 'package');
  const ok = (dir) => fs.existsSync(path.join(nodeHome(dir), 'bin', 'node'));
  if (!ok(target)) {
    log(`installing ${pkg}@${NODE_VERSION} into ${target}`);
    const started = Date.now();
    installAtomically(
      target,
      (tmp) => {
        run('npm', ['pack', `${pkg}@${NODE_VERSION}`, '--pack-destination', tmp, '--silent'], { cwd: tmp });
        const tgz = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
        if (!tgz) throw new Error(`npm pack ${pkg}@${NODE_VERSION} produced no tarball`);
        run('tar', ['xzf', tgz], { cwd: tmp });
        fs.rmSync(path.join(tmp, tgz));
      },
      ok,
    );
    log(`node ${NODE_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return nodeHome(target);
}

/** Returns { nodeHome, node, root, entry } for the cached code-server (installing it when missing). */
export function ensureCodeServer() {
  const nodeHome = ensureNode();
  const target = path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
  const entryOf = (dir) => path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const ok = (dir) =>
    fs.existsSync(entryOf(dir)) &&
    fs.existsSync(path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules')) &&
    fs.existsSync(path.join(dir, '.complete'));
  if (!ok(target)) {
    ensureSystemPackages(['libkrb5-dev']);
    log(`installing code-server@${CODE_SERVER_VERSION} into ${target} (a few minutes, ~620 MB)`);
    const started = Date.now();
    installAtomically(
      target,
      (tmp) => {
        fs.writeFileSync(path.join(tmp, 'package.json'), '{ "private": true }\n');
        run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
          cwd: tmp,
          env: {
            ...process.env,
            PATH: `${path.join(nodeHome, 'bin')}${path.delimiter}${process.env.PATH}`,
            npm_config_nodedir: nodeHome,
            npm_config_update_notifier: 'false',
          },
        });
        fs.writeFileSync(path.join(tmp, '.complete'), `${new Date().toISOString()}\n`);
      },
      ok,
    );
    log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { nodeHome, node: path.join(nodeHome, 'bin', 'node'), root: target, entry: entryOf(target) };
}

const checks = {
  chromium: () => fs.existsSync(chromiumPath()),
  postgresql: () => {
    try {
      return fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(path.join('/usr/lib/postgresql', v, 'bin', 'initdb')));
    } catch {
      return false;
    }
  },
  'libkrb5-dev': () => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', 'libkrb5-dev'], { encoding: 'utf8' });
    if (r.status === 0) return /install ok installed/.test(r.stdout);
    return fs.existsSync('/usr/include/krb5.h') || fs.existsSync('/usr/include/krb5/krb5.h');
  },
};

/** Path of the Chromium binary: $UE_CHROMIUM, else /usr/bin/chromium. */
export function chromiumPath() {
  return process.env.UE_CHROMIUM || '/usr/bin/chromium';
}

/**
 * Makes sure the named Debian packages (keys of `checks`) are present. As root on Debian it
 * installs the missing ones; otherwise it throws with the exact command to run.
 */
export function ensureSystemPackages(names) {
  const missing = names.filter((name) => !checks[name]());
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const isDebian = fs.existsSync('/etc/debian_version');
  if (!isRoot || !isDebian) {
    throw new Error(
      `missing system package(s): ${missing.join(', ')}. Install them with:\n    sudo ${command}` +
        (missing.includes('chromium') ? '\n  (or point UE_CHROMIUM at a Chromium/Chrome binary)' : ''),
    );
  }
  log(`installing ${missing.join(' ')} (${command})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', ...missing], { env });
  const still = missing.filter((name) => !checks[name]());
  if (still.length) throw new Error(`apt-get install finished but still missing: ${still.join(', ')}`);
}

// `node test/harness/install.mjs` installs everything ahead of time.
if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  ensureSystemPackages(['chromium', 'libkrb5-dev']);
  const cs = ensureCodeServer();
  log(`ready: ${cs.root} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
