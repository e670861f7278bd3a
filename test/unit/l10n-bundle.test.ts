import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');

describe('l10n/bundle.l10n.json', () => {
  it('is what @vscode/l10n-dev exports from src/ now (run `npm run l10n` after changing a string)', async function () {
    this.timeout(120_000);
    const out = await mkdtemp(path.join(tmpdir(), 'ue-l10n-'));
    try {
      await promisify(execFile)(process.execPath, [CLI, 'export', '--outDir', out, path.join(ROOT, 'src')], { cwd: ROOT });
      const fresh = JSON.parse(await readFile(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
      const committed = JSON.parse(await readFile(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
      assert.ok(Object.keys(fresh).length > 100, 'the export found the host strings');
      assert.deepEqual(committed, fresh);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
