// `npm run l10n`: moves every user-facing string of package.json into package.nls.json under a
// stable key and leaves a `%key%` in its place, so VS Code can show the manifest translated
// (package.nls.<locale>.json). Safe to re-run after commands or settings are added: strings that
// already are `%key%`s stay as they are. `--check` changes nothing and exits 1 when a string is
// still plain or a key is missing (what test/unit/l10n-manifest.test.ts checks too).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREFIX = 'usageExplorer.';
/** Keys under each setting (and nested property) that users read in the Settings editor. */
const SETTING_TEXTS = ['title', 'description', 'markdownDescription', 'patternErrorMessage', 'deprecationMessage', 'markdownDeprecationMessage'];
const SETTING_LISTS = ['enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels'];

/** Whether a manifest string already is a `%key%` reference. */
export function isNlsReference(value) {
  return /^%[^%\s]+%$/.test(value);
}

const short = (id) => (id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id);
const slug = (text) =>
  String(text)
    .replace(/[^A-Za-z0-9.]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Every user-facing string slot of the manifest: `{ key, get, set }` with the stable key its text
 * is stored under in package.nls.json.
 */
export function manifestStrings(pkg) {
  const slots = [];
  const add = (obj, prop, key) => {
    if (obj && typeof obj[prop] === 'string') slots.push({ key, get: () => obj[prop], set: (v) => (obj[prop] = v) });
  };
  const addList = (obj, prop, keyOf) => {
    if (!obj || !Array.isArray(obj[prop])) return;
    obj[prop].forEach((_, i) => {
      if (typeof obj[prop][i] === 'string') slots.push({ key: keyOf(i), get: () => obj[prop][i], set: (v) => (obj[prop][i] = v) });
    });
  };
  add(pkg, 'displayName', 'displayName');
  add(pkg, 'description', 'description');
  const c = pkg.contributes ?? {};
  for (const cmd of c.commands ?? []) {
    add(cmd, 'title', `command.${short(cmd.command)}`);
    add(cmd, 'shortTitle', `command.${short(cmd.command)}.shortTitle`);
    add(cmd, 'category', 'category');
  }
  for (const [place, containers] of Object.entries(c.viewsContainers ?? {})) {
    for (const vc of containers) add(vc, 'title', `viewsContainer.${place}.${short(vc.id)}`);
  }
  for (const views of Object.values(c.views ?? {})) {
    for (const v of views) {
      add(v, 'name', `view.${short(v.id)}`);
      add(v, 'contextualTitle', `view.${short(v.id)}.contextualTitle`);
    }
  }
  const welcomeSeen = new Map();
  for (const w of c.viewsWelcome ?? []) {
    // Keyed by the first context key of its `when` clause, which names the state it explains.
    const state = /usageExplorer\.(\w+)/.exec(w.when ?? '')?.[1] ?? 'default';
    const base = `viewsWelcome.${short(w.view)}.${state}`;
    const n = (welcomeSeen.get(base) ?? 0) + 1;
    welcomeSeen.set(base, n);
    add(w, 'contents', n === 1 ? base : `${base}.${n}`);
  }
  for (const sub of c.submenus ?? []) add(sub, 'label', `submenu.${short(sub.id)}`);
  const configurations = Array.isArray(c.configuration) ? c.configuration : c.configuration ? [c.configuration] : [];
  configurations.forEach((conf, i) => {
    add(conf, 'title', i === 0 ? 'configuration.title' : `configuration.${slug(conf.id ?? i)}.title`);
    const walk = (props, base) => {
      for (const [name, p] of Object.entries(props ?? {})) {
        const key = `${base}.${short(name)}`;
        for (const t of SETTING_TEXTS) add(p, t, `${key}.${t}`);
        for (const l of SETTING_LISTS) addList(p, l, (j) => `${key}.${l}.${slug(p.enum?.[j] ?? j)}`);
        walk(p.properties, key);
        if (p.items && typeof p.items === 'object') walk({ items: p.items }, key);
      }
    };
    walk(conf.properties, 'config');
  });
  for (const wt of c.walkthroughs ?? []) {
    const key = `walkthrough.${short(wt.id)}`;
    add(wt, 'title', `${key}.title`);
    add(wt, 'description', `${key}.description`);
    for (const step of wt.steps ?? []) {
      const stepKey = `${key}.step.${short(step.id)}`;
      add(step, 'title', `${stepKey}.title`);
      add(step, 'description', `${stepKey}.description`);
      add(step.media, 'altText', `${stepKey}.altText`);
    }
  }
  const caps = pkg.capabilities ?? {};
  add(caps.untrustedWorkspaces, 'description', 'capabilities.untrustedWorkspaces');
  add(caps.virtualWorkspaces, 'description', 'capabilities.virtualWorkspaces');
  return slots;
}

/** What is wrong with the manifest's strings: plain text, `%key%`s missing from nls, nls keys nothing uses. */
export function manifestProblems(pkg, nls) {
  const problems = [];
  const used = new Set();
  for (const slot of manifestStrings(pkg)) {
    const value = slot.get();
    if (!isNlsReference(value)) {
      problems.push(`"${slot.key}" is plain text in package.json: ${JSON.stringify(value.slice(0, 60))}`);
      continue;
    }
    const key = value.slice(1, -1);
    used.add(key);
    if (typeof nls[key] !== 'string') problems.push(`%${key}% has no entry in package.nls.json`);
  }
  for (const key of Object.keys(nls)) if (!used.has(key)) problems.push(`package.nls.json has "${key}", which package.json does not use`);
  return problems;
}

/** Moves plain strings into `nls` (in place); returns how many moved. */
export function extractManifestStrings(pkg, nls) {
  let moved = 0;
  for (const slot of manifestStrings(pkg)) {
    const value = slot.get();
    if (isNlsReference(value)) continue;
    // The same text under the same key is shared (the category); a new text replaces a stale one.
    nls[slot.key] = value;
    slot.set(`%${slot.key}%`);
    moved++;
  }
  return moved;
}

/** package.json with every `%key%` replaced by its English text, as VS Code shows it. */
export function resolveManifest(pkg, nls) {
  return JSON.parse(JSON.stringify(pkg), (_key, value) =>
    typeof value === 'string' && isNlsReference(value) && typeof nls[value.slice(1, -1)] === 'string' ? nls[value.slice(1, -1)] : value,
  );
}

function main() {
  const pkgFile = path.join(ROOT, 'package.json');
  const nlsFile = path.join(ROOT, 'package.nls.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  const nls = fs.existsSync(nlsFile) ? JSON.parse(fs.readFileSync(nlsFile, 'utf8')) : {};
  if (process.argv.includes('--check')) {
    const problems = manifestProblems(pkg, nls);
    for (const p of problems) console.error(p);
    process.exit(problems.length ? 1 : 0);
  }
  const moved = extractManifestStrings(pkg, nls);
  // Drop keys nothing refers to any more (a removed command or setting).
  const used = new Set(manifestStrings(pkg).map((s) => s.get().slice(1, -1)));
  const kept = Object.fromEntries(Object.entries(nls).filter(([key]) => used.has(key)));
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  fs.writeFileSync(nlsFile, `${JSON.stringify(kept, null, 2)}\n`);
  console.log(`l10n-manifest: moved ${moved} string(s); package.nls.json has ${Object.keys(kept).length} key(s)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
