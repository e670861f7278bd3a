// The "Get started" walkthrough: every button, completion event and media file it names exists.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { englishManifest } from '../support/manifest';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; svg?: string };
  completionEvents?: string[];
}
interface Pkg {
  publisher: string;
  name: string;
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> };
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string }[] };
    viewsWelcome: { view: string; contents: string }[];
    walkthroughs: { id: string; title: string; description: string; steps: Step[]; when?: string }[];
  };
}

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = englishManifest<Pkg>();
const commands = new Set(pkg.contributes.commands.map((c) => c.command));
const settings = new Set(Object.keys(pkg.contributes.configuration.properties));
const views = new Set(
  Object.values(pkg.contributes.views)
    .flat()
    .map((v) => v.id),
);
/** Workbench commands the walkthrough may use besides ours. */
const WORKBENCH = new Set([
  'workbench.action.openSettings',
  'workbench.action.openWalkthrough',
  ...pkg.contributes.viewsContainers.activitybar.map((c) => `workbench.view.extension.${c.id}`),
]);

/** The command ids of `command:` links in Markdown text. */
function linkedCommands(text: string): string[] {
  return [...text.matchAll(/\(command:([\w.-]+)/g)].map((m) => m[1]);
}

describe('the Get Started walkthrough', () => {
  const walkthrough = pkg.contributes.walkthroughs?.find((w) => w.id === 'usageExplorer.getStarted');

  it('is declared, with steps from choosing data to exporting a view', () => {
    assert.ok(walkthrough, 'no usageExplorer.getStarted walkthrough');
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['chooseData', 'exploreTree', 'openDashboard', 'setBudget', 'exportView'],
    );
  });

  it('gives every step a button that runs a declared command', () => {
    for (const step of walkthrough!.steps) {
      const linked = linkedCommands(step.description);
      assert.ok(linked.length > 0, `${step.id} has no button`);
      for (const id of linked) assert.ok(commands.has(id) || WORKBENCH.has(id), `${step.id}: ${id} is not a command`);
    }
  });

  it('completes steps on commands, settings and views that exist', () => {
    for (const step of walkthrough!.steps) {
      assert.ok(step.completionEvents && step.completionEvents.length > 0, `${step.id} never completes`);
      for (const event of step.completionEvents) {
        const [kind, target] = event.split(/:(.*)/s);
        if (kind === 'onCommand') assert.ok(commands.has(target), `${step.id}: ${target} is not a declared command`);
        else if (kind === 'onSettingChanged') assert.ok(settings.has(target), `${step.id}: ${target} is not a declared setting`);
        else if (kind === 'onView') assert.ok(views.has(target), `${step.id}: ${target} is not a declared view`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
    }
  });

  it('shows media that ship with the extension', () => {
    for (const step of walkthrough!.steps) {
      const file = step.media.markdown ?? step.media.image ?? step.media.svg;
      assert.ok(file, `${step.id} has no media`);
      assert.ok(file.startsWith('media/'), `${step.id}: ${file} is outside media/, which is all the .vsix ships`);
      assert.ok(fs.existsSync(path.join(ROOT, file)), `${step.id}: ${file} is missing`);
    }
  });

  it('can be opened from the demo notice', () => {
    const link = `command:workbench.action.openWalkthrough?${encodeURIComponent(JSON.stringify([`${pkg.publisher}.${pkg.name}#usageExplorer.getStarted`, false]))}`;
    const demo = pkg.contributes.viewsWelcome.find((w) => w.view === 'usageExplorer.demoNotice');
    assert.ok(demo?.contents.includes(link), `the demo notice does not link ${link}`);
  });
});
