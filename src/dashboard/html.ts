import { randomBytes } from 'node:crypto';

/** A fresh script nonce: 128 random bits, base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The dashboard's Content-Security-Policy: nothing by default; the bundle only by nonce; styles,
 * fonts and images only from the webview's own resource origin (Lit's styles are adopted
 * stylesheets, which need no inline allowance); no connections, frames or forms (frame-ancestors is ignored in a meta tag).
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface HtmlParts {
  cspSource: string;
  nonce: string;
  /** URI of dist/webview.js as the webview loads it. */
  scriptUri: string;
  title: string;
  /** The display language (`vscode.env.language`), for the page's `lang`. */
  lang?: string;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page: a CSP meta tag, the app element and the one nonce'd module script. */
export function dashboardHtml(parts: HtmlParts): string {
  const csp = contentSecurityPolicy(parts.cspSource, parts.nonce);
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(parts.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttribute(parts.title)}</title>
</head>
<body>
<ue-dashboard></ue-dashboard>
<script type="module" nonce="${escapeAttribute(parts.nonce)}" src="${escapeAttribute(parts.scriptUri)}"></script>
</body>
</html>`;
}
