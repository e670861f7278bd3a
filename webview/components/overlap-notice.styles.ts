import { css } from 'lit';

/** The overlap notice: an info-coloured rule, the logs' share as two short lists side by side. */
export const overlapNoticeStyles = css`
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
  .share {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 24px;
    margin: 4px 0 0;
  }
  ul {
    margin: 0;
    padding-left: 18px;
  }
`;
