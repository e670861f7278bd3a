import { css } from 'lit';

/** The notices above the dashboard: the skipped-rows notice and the chips that narrow the view. */
export const dashboardNoticesStyles = css`
  :host {
    display: block;
  }
  .notice {
    border-left: 3px solid var(--vscode-editorWarning-foreground, #cca700);
    padding: 4px 10px;
    margin: 8px 0;
  }
  .chips {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
    margin: 8px 0;
  }
  .chip {
    display: inline-flex;
    gap: 6px;
    align-items: center;
    border-radius: 11px;
    padding: 1px 4px 1px 10px;
    background: var(--vscode-badge-background, #616161);
    color: var(--vscode-badge-foreground, #f8f8f8);
  }
  .chip button {
    background: none;
    border: none;
    cursor: pointer;
    border-radius: 50%;
    width: 20px;
    height: 20px;
    padding: 0;
  }
  .chip button:hover {
    background: rgba(128, 128, 128, 0.35);
  }
`;
