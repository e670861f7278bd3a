import { css } from 'lit';

/** Layout of the dashboard page: header, charts grid, usage section and the loading/error state. */
export const dashboardAppStyles = css`
  :host {
    display: block;
    padding: 12px 20px 32px;
    max-width: 1400px;
    margin: 0 auto;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 16px;
    align-items: center;
    justify-content: space-between;
  }
  .panel-head {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 12px;
    align-items: center;
    justify-content: space-between;
  }
  .grouping,
  .stack-by {
    display: flex;
    gap: 4px;
  }
  .title {
    display: flex;
    gap: 10px;
    align-items: center;
    flex-wrap: wrap;
  }
  h1 {
    font-size: 1.5em;
    font-weight: 600;
    margin: 0;
  }
  h2 {
    font-size: 1.1em;
    font-weight: 600;
    margin: 0 0 8px;
  }
  .actions {
    display: flex;
    gap: 8px;
    align-items: center;
    flex-wrap: wrap;
  }
  .subtitle {
    margin: 4px 0 12px;
  }
  .charts {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr);
    gap: 12px;
  }
  @media (max-width: 900px) {
    .charts {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .usage {
    margin-top: 16px;
  }
  .stale {
    opacity: 0.5;
    transition: opacity 120ms ease-in;
  }
  .state {
    display: flex;
    flex-direction: column;
    gap: 12px;
    align-items: flex-start;
    padding: 40px 0;
    max-width: 640px;
  }
`;
