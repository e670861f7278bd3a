/** One user-facing string of package.json and the stable key it is stored under in package.nls.json. */
export interface ManifestString {
  key: string;
  get(): string;
  set(value: string): void;
}
export function isNlsReference(value: string): boolean;
export function manifestStrings(pkg: object): ManifestString[];
export function manifestProblems(pkg: object, nls: Record<string, unknown>): string[];
export function extractManifestStrings(pkg: object, nls: Record<string, unknown>): number;
export function resolveManifest(pkg: object, nls: Record<string, unknown>): object;
