import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

interface Task {
  label: string;
  type?: string;
  script?: string;
  command?: string;
  isBackground?: boolean;
  dependsOn?: string[];
  group?: string | { kind: string; isDefault?: boolean };
  problemMatcher?: string | string[];
}

const ROOT = path.resolve(__dirname, '..', '..');
const read = <T>(file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;
const tasks = read<{ tasks: Task[] }>('.vscode/tasks.json').tasks;
const recommended = read<{ recommendations: string[] }>('.vscode/extensions.json').recommendations;
const scripts = read<{ scripts: Record<string, string> }>('package.json').scripts;

/** Problem matchers VS Code has built in; the others come from an extension. */
const BUILT_IN = new Set(['$tsc', '$tsc-watch', '$eslint-stylish', '$eslint-compact']);
/** Which extension contributes a problem matcher (from its package.json `problemMatchers`). */
const MATCHER_EXTENSIONS: Record<string, string> = {
  '$esbuild-watch': 'connor4312.esbuild-problem-matchers',
  $esbuild: 'connor4312.esbuild-problem-matchers',
};

describe('.vscode workspace configuration', () => {
  it('recommends the extension of every problem matcher tasks.json uses, and ESLint for the lint config', () => {
    const matchers = tasks.flatMap((t) => (t.problemMatcher === undefined ? [] : [t.problemMatcher].flat()));
    for (const matcher of matchers) {
      if (BUILT_IN.has(matcher)) continue;
      const extension = MATCHER_EXTENSIONS[matcher];
      assert.ok(extension, `no known extension contributes ${matcher}`);
      assert.ok(recommended.includes(extension), `${matcher} needs ${extension} in .vscode/extensions.json`);
    }
    assert.ok(fs.existsSync(path.join(ROOT, 'eslint.config.mjs')));
    assert.ok(recommended.includes('dbaeumer.vscode-eslint'));
  });

  it('makes the default build task esbuild watch plus tsc --noEmit --watch for both projects, and F5 runs it', () => {
    const defaults = tasks.filter((t) => typeof t.group === 'object' && t.group.isDefault);
    assert.equal(defaults.length, 1, 'one default build task');
    const parts = defaults[0].dependsOn!.map((label) => tasks.find((t) => t.label === label)!);
    const esbuild = parts.find((t) => t.type === 'npm')!;
    assert.match(scripts[esbuild.script!], /esbuild\.mjs --watch/);
    assert.equal(esbuild.problemMatcher, '$esbuild-watch');
    const typeChecks = parts.filter((t) => /tsc --noEmit --watch/.test(t.command ?? ''));
    assert.deepEqual(typeChecks.map((t) => t.command!.split(' -p ')[1]).sort(), ['.', 'webview'], 'both tsconfig projects are watched');
    for (const t of [esbuild, ...typeChecks]) assert.ok(t.isBackground, `${t.label} runs in the background`);
    for (const t of typeChecks) assert.equal(t.problemMatcher, '$tsc-watch');
    const launch = read<{ configurations: { name: string; preLaunchTask?: string }[] }>('.vscode/launch.json');
    assert.equal(launch.configurations.find((c) => c.name === 'Run Extension')?.preLaunchTask, defaults[0].label);
  });
});
