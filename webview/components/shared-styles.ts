import { css } from 'lit';

/** Styles every dashboard element shares: VS Code colours and a visible focus ring. */
export const sharedStyles = css`
  :host {
    color: var(--vscode-foreground, #cccccc);
    font-family: var(--vscode-font-family, sans-serif);
    font-size: var(--vscode-font-size, 13px);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 1px solid var(--vscode-focusBorder, #0078d4);
    outline-offset: 1px;
  }
  .link-button {
    background: none;
    border: none;
    padding: 0 2px;
    cursor: pointer;
    color: var(--vscode-textLink-foreground, #3794ff);
  }
  .link-button:hover {
    color: var(--vscode-textLink-activeForeground, #3794ff);
    text-decoration: underline;
  }
  .muted {
    color: var(--vscode-descriptionForeground, #9d9d9d);
  }
  .error {
    color: var(--vscode-errorForeground, #f48771);
  }
  /* A boxed area: the chart panels and the summary cards. */
  .surface {
    background: var(--vscode-editorWidget-background, rgba(128, 128, 128, 0.06));
    border: 1px solid var(--vscode-widget-border, var(--vscode-editorGroup-border, rgba(128, 128, 128, 0.25)));
    border-radius: 4px;
    padding: 12px 14px;
  }
`;
