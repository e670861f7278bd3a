import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CommandId, ContextKey, ViewId } from '../../src/commandIds';
import { ContextValue } from '../../src/tree/contextValues';
import { DIMENSIONS } from '../../src/core/model';
import { DASHBOARD_VIEW_TYPE } from '../../src/protocol/dashboard';
import { englishManifest } from '../support/manifest';

interface Pkg {
  activationEvents?: string[];
  capabilities?: { untrustedWorkspaces?: { supported: unknown; restrictedConfigurations?: string[] }; virtualWorkspaces?: unknown };
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    viewsWelcome: { view: string; contents: string; when?: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    configuration: { properties: Record<string, { markdownDescription?: string; scope?: string }> };
  };
}

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = englishManifest<Pkg>();
const declared = pkg.contributes.commands.map((c) => c.command);

describe('package.json contributions', () => {
  it('declares exactly the command ids in src/commandIds.ts, with the category', () => {
    assert.deepEqual([...declared].sort(), Object.values(CommandId).sort());
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Usage Explorer', c.command);
  });

  it('activates only through views, commands and restoring the dashboard, never at startup', () => {
    // Views and commands activate by themselves; a restored webview panel needs its own event.
    assert.deepEqual(pkg.activationEvents ?? [], [`onWebviewPanel:${DASHBOARD_VIEW_TYPE}`]);
  });

  it('menus only name declared commands, and item menus match the tree context values', () => {
    for (const [menu, items] of Object.entries(pkg.contributes.menus)) {
      for (const item of items) assert.ok(declared.includes(item.command), `${menu}: ${item.command} is not declared`);
    }
    const itemWhens = pkg.contributes.menus['view/item/context'].map((i) => i.when ?? '');
    const matches = (when: string, value: string) => {
      const equal = /viewItem == ([\w.]+)/.exec(when);
      if (equal) return equal[1] === value;
      const regexes = [...when.matchAll(/viewItem =~ \/(.+?)\//g)].map((m) => new RegExp(m[1]));
      return regexes.some((r) => r.test(value));
    };
    for (const d of DIMENSIONS) {
      assert.ok(
        itemWhens.some((w) => matches(w, ContextValue.entity(d))),
        `no item menu for ${ContextValue.entity(d)}`,
      );
      assert.ok(
        itemWhens.some((w) => matches(w, ContextValue.list(d))),
        `no item menu for ${ContextValue.list(d)}`,
      );
    }
    const openWorker = pkg.contributes.menus['view/item/context'].find((i) => i.command === CommandId.openWorker)!;
    assert.ok(matches(openWorker.when!, ContextValue.entity('worker')));
    assert.ok(!matches(openWorker.when!, ContextValue.entity('user')));
  });

  it('declares the views, the container icon and welcome content keyed by the context keys', () => {
    const views = Object.values(pkg.contributes.views)
      .flat()
      .map((v) => v.id);
    assert.ok(views.includes(ViewId.usage) && views.includes(ViewId.demoNotice));
    const icon = fs.readFileSync(path.join(ROOT, pkg.contributes.viewsContainers.activitybar[0].icon), 'utf8');
    assert.match(icon, /currentColor/);
    const whens = pkg.contributes.viewsWelcome.map((w) => w.when ?? '').join(' ');
    for (const key of [ContextKey.loadError, ContextKey.noDataInRange, ContextKey.isDemo]) assert.ok(whens.includes(key), key);
    const error = pkg.contributes.viewsWelcome.find((w) => w.when?.includes(ContextKey.loadError))!;
    assert.match(error.contents, /command:usageExplorer\.refresh/);
    assert.match(error.contents, /command:usageExplorer\.showLog/);
  });

  it('documents every setting, keeps the base URL machine-scoped and restricted in untrusted workspaces', () => {
    const props = pkg.contributes.configuration.properties;
    for (const [key, p] of Object.entries(props)) assert.ok(p.markdownDescription, `${key} has no markdownDescription`);
    assert.equal(props['usageExplorer.http.baseUrl'].scope, 'machine');
    assert.ok(pkg.capabilities?.untrustedWorkspaces?.restrictedConfigurations?.includes('usageExplorer.http.baseUrl'));
    assert.ok(pkg.capabilities?.virtualWorkspaces !== undefined);
    for (const key of [
      'source',
      'files.include',
      'files.columnMapping',
      'defaultTimeRange',
      'timeZone',
      'currency',
      'workerUrlTemplate',
      'autoRefreshMinutes',
      'statusBar.enabled',
    ]) {
      assert.ok(`usageExplorer.${key}` in props, key);
    }
  });
});
