import fs from 'node:fs';
import path from 'node:path';
import { resolveManifest } from '../../scripts/l10n-manifest.mjs';

const ROOT = path.resolve(__dirname, '..', '..');

/** package.json with its `%key%`s replaced by the English of package.nls.json, as VS Code shows it. */
export function englishManifest<T>(): T {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;
  return resolveManifest(read('package.json'), read('package.nls.json')) as T;
}
