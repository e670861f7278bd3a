/**
 * Page-level styles, adopted as a constructed stylesheet: the CSP allows no inline <style>,
 * and constructed sheets need no allowance (nor a file in media/).
 */
const PAGE_CSS = `
  body {
    margin: 0;
    padding: 0;
    background: var(--vscode-editor-background);
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
  }
`;

export function adoptPageStyles(doc: Document): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(PAGE_CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
