// Starts a throw-away PostgreSQL (Debian's `postgresql` package): `initdb` into a temporary
// directory, the server on a free 127.0.0.1 port, both as the `postgres` user when this process
// is root (the server refuses to run as root). stop() ends it and removes the directory; the
// process-group tracking in processes.mjs ends it too if the run fails or is interrupted.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureSystemPackages } from './install.mjs';
import { freePort, tail } from './server.mjs';
import { killGroup, taggedEnv, trackGroup, untrackGroup } from './processes.mjs';

const PG_ROOT = '/usr/lib/postgresql';

function log(message) {
  console.log(`[harness] ${message}`);
}

/** The bin directory of the newest installed PostgreSQL, or undefined. */
export function postgresBinDir() {
  let versions = [];
  try {
    versions = fs.readdirSync(PG_ROOT).filter((v) => fs.existsSync(path.join(PG_ROOT, v, 'bin', 'initdb')));
  } catch {
    return undefined;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(PG_ROOT, versions[0], 'bin') : undefined;
}

/** Command and arguments that run `argv` as the postgres user when we are root, as ourselves otherwise. */
function asServerUser(argv) {
  if (process.getuid?.() !== 0) return argv;
  // setpriv execs (no intermediate process), so signals sent to the child reach the server itself.
  return ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--', ...argv];
}

function serverUser() {
  if (process.getuid?.() !== 0) return undefined;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0)
    throw new Error('Running as root but there is no "postgres" user to run the server as; install the postgresql package (apt-get install -y postgresql).');
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function connects(config) {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Starts PostgreSQL. Options: timeoutMs (default $UE_PG_TIMEOUT_MS or 60 s), settings (extra
 * `-c name=value` server settings). Returns { host, port, user, database, connectionString,
 * config, dataDir, logFile, pid, stop() }.
 */
export async function startPostgres(options = {}) {
  ensureSystemPackages(['postgresql']);
  const bin = postgresBinDir();
  if (!bin) throw new Error(`No PostgreSQL under ${PG_ROOT}; install it with: apt-get install -y postgresql`);
  const owner = serverUser();
  const timeoutMs = options.timeoutMs ?? Number(process.env.UE_PG_TIMEOUT_MS || 60_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-postgres-'));
  const dataDir = path.join(tmp, 'data');
  if (owner) fs.chownSync(tmp, owner.uid, owner.gid);
  fs.chmodSync(tmp, 0o700);
  const remove = () => fs.rmSync(tmp, { recursive: true, force: true });

  const [initCmd, ...initArgs] = asServerUser([
    path.join(bin, 'initdb'),
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-locale',
    '--no-sync',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8', cwd: tmp, env: taggedEnv() });
  if (init.status !== 0) {
    remove();
    throw new Error(`initdb failed (${init.status ?? init.signal}):\n${init.stderr || init.stdout || init.error}`);
  }

  const extra = Object.entries({ fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', ...(options.settings || {}) }).flatMap(([name, value]) => [
    '-c',
    `${name}=${value}`,
  ]);
  for (let attempt = 1; attempt <= 5; attempt++) {
    const port = await freePort();
    const logFile = path.join(tmp, `postgres-${port}.log`);
    const out = fs.openSync(logFile, 'w');
    if (owner) fs.fchownSync(out, owner.uid, owner.gid);
    const [cmd, ...args] = asServerUser([
      path.join(bin, 'postgres'),
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${tmp}`,
      ...extra,
    ]);
    const child = spawn(cmd, args, { detached: true, cwd: tmp, stdio: ['ignore', out, out], env: taggedEnv() });
    fs.closeSync(out);
    const pgid = child.pid;
    trackGroup(pgid);
    let exited = null;
    child.on('exit', (code, signal) => (exited = { code, signal }));

    const config = { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' };
    const deadline = Date.now() + timeoutMs;
    let up = false;
    while (Date.now() < deadline && !exited) {
      if (await connects(config)) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (up) {
      log(`PostgreSQL (${path.basename(path.dirname(bin))}) answering on 127.0.0.1:${port} (pid ${pgid}, log ${logFile})`);
      const stop = async () => {
        // SIGINT is PostgreSQL's fast shutdown: it ends sessions and exits cleanly.
        if (!exited) {
          try {
            process.kill(pgid, 'SIGINT');
          } catch {
            // already gone
          }
          const stopDeadline = Date.now() + 10_000;
          while (!exited && Date.now() < stopDeadline) await new Promise((r) => setTimeout(r, 50));
        }
        await killGroup(pgid);
        untrackGroup(pgid);
        remove();
      };
      return {
        ...config,
        config,
        connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`,
        dataDir,
        logFile,
        pid: pgid,
        logTail: (n) => tail(logFile, n),
        stop,
      };
    }
    const exitedEarly = exited;
    await killGroup(pgid);
    untrackGroup(pgid);
    const logText = tail(logFile, 30);
    if (/could not bind|Address already in use/i.test(logText) && attempt < 5) {
      log(`port ${port} is in use; trying another`);
      continue;
    }
    remove();
    const why = exitedEarly
      ? `exited early (${exitedEarly.code ?? exitedEarly.signal})`
      : `did not accept connections within ${Math.round(timeoutMs / 1000)} s`;
    throw new Error(`PostgreSQL ${why}. Last lines of its log:\n${logText}`);
  }
  remove();
  throw new Error('PostgreSQL: no free port found');
}
