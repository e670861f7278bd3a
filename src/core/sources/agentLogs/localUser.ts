import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { type AgentLogUser } from './events';

/**
 * The person the requests of this machine's agent logs are counted for: `override` when given
 * (the `usageExplorer.agentLogs.user` setting, `--user`), else `git config user.email`, else the
 * OS user name. Logs merged from several machines or people so stay apart.
 */
export async function localUser(override: string | undefined, cwd?: string): Promise<AgentLogUser> {
  const chosen = override?.trim() || (await gitEmail(cwd)) || osUserName();
  return { id: chosen, name: chosen };
}

function gitEmail(cwd: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.email'], { cwd, timeout: 3000, windowsHide: true }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim() || undefined);
    });
  });
}

function osUserName(): string {
  try {
    return userInfo().username || 'me';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'me';
  }
}
