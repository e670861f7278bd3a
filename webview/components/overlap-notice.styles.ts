import { css } from 'lit';

/** The overlap notice (beside the info notice's styles): the logs' share as two short lists side by side. */
export const overlapNoticeStyles = css`
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
