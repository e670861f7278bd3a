import { css } from 'lit';

/** The range select and the Custom… form with its first and last day. */
export const rangePickerStyles = css`
  :host {
    display: contents;
  }
  vscode-single-select {
    width: 180px;
  }
  .custom {
    display: flex;
    gap: 8px;
    align-items: center;
    flex-wrap: wrap;
    /* A line of its own below the header's other actions. */
    flex-basis: 100%;
    order: 1;
    margin: 8px 0;
  }
  .custom vscode-textfield {
    width: 150px;
  }
`;
