/** The worker page URL from `usageExplorer.workerUrlTemplate` (`${id}`, `${name}` URL-encoded), or undefined unless it is http(s). */
export function workerUrl(template: string, id: string, name: string): string | undefined {
  const text = template.replaceAll('${id}', encodeURIComponent(id)).replaceAll('${name}', encodeURIComponent(name));
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
