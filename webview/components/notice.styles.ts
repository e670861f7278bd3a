import { css } from 'lit';

/** An info notice above the dashboard (estimates, agent logs beside a bill): a coloured rule at the start, short paragraphs. */
export const infoNoticeStyles = css`
  :host {
    display: block;
  }
  .notice {
    border-left: 3px solid var(--vscode-editorInfo-foreground, #3794ff);
    padding: 4px 10px;
    margin: 8px 0;
  }
  p {
    margin: 2px 0;
  }
`;
