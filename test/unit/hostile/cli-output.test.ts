import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { writeFileAtomic } from '../../../src/cli/output';
import { sparkline } from '../../../src/cli/report';
import { exportEventsChunks } from '../../../src/core/exportUsage';
import { eventsToJson } from '../../../src/core/exportEvents';
import { resolveStoreRange } from '../../../src/core/query';
import { StoreBuilder } from '../../../src/core/storeBuilder';

const ROOT = join(__dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'src', 'cli', 'bin.ts');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string[] }> {
  let stdout = '';
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

describe('hostile: CLI output faults', function () {
  this.timeout(30_000); // spawns tsx, which compiles on start
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'ue-hostile-cli-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--out keeps the previous file when the write fails (file-size limit), and leaves no temporary file', () => {
    const out = join(dir, 'previous.csv');
    writeFileSync(out, "the user's previous export\n");
    const result = spawnSync('bash', ['-c', `ulimit -f 4; exec "${TSX}" "${SCRIPT}" export --by event --range all --out "${out}"`], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(readFileSync(out, 'utf8'), "the user's previous export\n");
    assert.deepEqual(readdirSync(dir), ['previous.csv']);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /^usage-explorer: Cannot write .*previous\.csv: the file is larger than the system allows; nothing was written\.$/m);
  });

  it('--out removes the temporary file when the export fails halfway, and the target keeps its bytes', async () => {
    const out = join(dir, 'halfway.json');
    writeFileSync(out, 'old');
    function* failing(): Generator<string> {
      yield 'x'.repeat(1 << 20);
      throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
    }
    await assert.rejects(writeFileAtomic(out, failing()), /Cannot write .*halfway\.json: no space left on the device; nothing was written\./);
    assert.equal(readFileSync(out, 'utf8'), 'old');
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('halfway')),
      ['halfway.json'],
    );
  });

  it('--out to a folder or into a missing folder says so in one line', async () => {
    for (const [out, reason] of [
      [dir, /it is a folder/],
      [join(dir, 'missing', 'x.csv'), /its folder does not exist/],
    ] as const) {
      const { code, stderr } = await run('export', '--by', 'worker', '--out', out);
      assert.equal(code, 2);
      assert.equal(stderr.length, 1);
      assert.match(stderr[0], reason);
    }
    assert.ok(!existsSync(join(dir, 'missing')));
  });

  it('exits 0 quietly when the reader closes the pipe early (| head -1)', async () => {
    const child = spawn(TSX, [SCRIPT, 'export', '--by', 'event', '--range', 'all'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('close', (status) => resolve(status)));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('exits 2 with one line when standard output is full (> /dev/full)', function () {
    if (!existsSync('/dev/full')) this.skip();
    for (const args of [['report'], ['export', '--by', 'event', '--range', 'all']]) {
      const result = spawnSync('bash', ['-c', `exec "${TSX}" "${SCRIPT}" ${args.join(' ')} > /dev/full`], { encoding: 'utf8' });
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stderr, 'usage-explorer: Cannot write to standard output: no space left on the device.\n');
    }
  });

  it('streams event exports in bounded pieces (a whole JSON export of millions of events would exceed the string limit)', () => {
    const builder = new StoreBuilder();
    for (let i = 0; i < 100_000; i++) {
      builder.add({
        timestamp: Date.UTC(2026, 0, 1) + i * 1000,
        workerId: `w${i % 7}`,
        workerName: 'W',
        userId: `u${i % 13}`,
        userName: 'U',
        model: 'm',
        runs: 1,
        costMicros: i,
      });
    }
    const store = builder.build();
    const range = resolveStoreRange(store, 'all');
    for (const format of ['csv', 'json'] as const) {
      let pieces = 0;
      let largest = 0;
      let text = '';
      for (const chunk of exportEventsChunks(store, { by: 'event', format, range, filters: [], currency: 'USD' })) {
        pieces++;
        largest = Math.max(largest, chunk.length);
        if (format === 'json') text += chunk;
      }
      assert.ok(pieces >= 5, `${pieces} pieces`);
      assert.ok(largest < 8 * 1024 * 1024, `largest piece ${largest} chars`);
      if (format === 'json') assert.equal(text, eventsToJson(store, range));
    }
  });
});

describe('hostile: CLI arguments and terminal text', function () {
  this.timeout(5000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'ue-hostile-args-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [args, message] of [
    [['report', '--filter', 'worker=a', '--filter', 'worker=b'], /--filter worker= is given more than once/],
    [['report', '--now', '1'], /--now "1" is not an ISO 8601 date/],
    [['report', '--currency', 'XYZ'], /--currency "XYZ" is not an ISO 4217 code/],
  ] as const) {
    it(`rejects ${args.slice(1).join(' ')} as a usage error`, async () => {
      const { code, stderr } = await run(...args);
      assert.equal(code, 1);
      assert.match(stderr[0], message);
    });
  }

  it('neutralises bidirectional overrides and controls in the report and in warnings', async () => {
    const file = join(dir, 'bidi.csv');
    writeFileSync(
      file,
      'timestamp,worker,user,model,cost\n2026-01-05T00:00:00Z,evil\u202Etxt.exe,u\u2066x\u2069,m\u001b[31m,1\n2026-01-05T00:00:00Z,\u202E,u,m,oops\u202E\n',
    );
    const { code, stdout, stderr } = await run('report', '--input', file, '--range', 'all');
    assert.equal(code, 0);
    for (const text of [stdout, ...stderr]) {
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(text, /[\u202a-\u202e\u2066-\u2069\u001b]/);
    }
    assert.match(stdout, /evil\uFFFDtxt\.exe/);
  });

  it('warns when the same file is given twice', async () => {
    const file = join(dir, 'twice.csv');
    writeFileSync(file, 'timestamp,cost\n2026-01-05T00:00:00Z,1\n');
    const { code, stderr } = await run('report', '--input', file, '--input', join(dir, '.', 'twice.csv'), '--range', 'all');
    assert.equal(code, 0);
    assert.match(stderr.join('\n'), /twice\.csv is the same file as .*twice\.csv; its events are counted again unless they have ids/);
  });

  it('shows a day with negative net spend in the sparkline', () => {
    const line = sparkline([
      { date: '2026-01-01', runs: 1, spendMicros: 5 },
      { date: '2026-01-02', runs: 1, spendMicros: -3 },
      { date: '2026-01-03', runs: 0, spendMicros: 0 },
    ]);
    assert.equal([...line].length, 3);
    assert.equal([...line][1], '▁');
    assert.equal([...line][0], '█');
  });
});
