/**
 * Every command id the extension registers or calls, in one place. package.json declares the
 * same ids; test/unit/package-contributions.test.ts checks that the two agree.
 */
export const CommandId = {
  /** Registered by the dashboard (src/dashboard/register.ts); declared in package.json here. */
  openDashboard: 'usageExplorer.openDashboard',
  refresh: 'usageExplorer.refresh',
  selectTimeRange: 'usageExplorer.selectTimeRange',
  exportView: 'usageExplorer.exportView',
  configureSource: 'usageExplorer.configureSource',
  setApiKey: 'usageExplorer.setApiKey',
  clearApiKey: 'usageExplorer.clearApiKey',
  setPostgresConnection: 'usageExplorer.setPostgresConnection',
  clearPostgresConnection: 'usageExplorer.clearPostgresConnection',
  setOpenAiAdminKey: 'usageExplorer.setOpenAiAdminKey',
  setAnthropicAdminKey: 'usageExplorer.setAnthropicAdminKey',
  clearProviderAdminKeys: 'usageExplorer.clearProviderAdminKeys',
  showAgentLogUsage: 'usageExplorer.showAgentLogUsage',
  clearAgentLogHistory: 'usageExplorer.clearAgentLogHistory',
  addPriceOverride: 'usageExplorer.addPriceOverride',
  showLog: 'usageExplorer.showLog',
  // Tree item actions (context menu).
  openInDashboard: 'usageExplorer.tree.openInDashboard',
  exportBreakdown: 'usageExplorer.tree.exportBreakdown',
  copyName: 'usageExplorer.tree.copyName',
  openWorker: 'usageExplorer.tree.openWorker',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** Context keys the extension sets for `when` clauses (view welcome content, menus). */
export const ContextKey = {
  /** 'idle' | 'loading' | 'ready' | 'error' */
  state: 'usageExplorer.state',
  /** Data is loaded (possibly stale after a failed reload). */
  hasData: 'usageExplorer.hasData',
  /** The last load failed. */
  loadError: 'usageExplorer.loadError',
  /** The data shown is the embedded demo workspace. */
  isDemo: 'usageExplorer.isDemo',
  /** Data is loaded but the selected range holds no usage. */
  noDataInRange: 'usageExplorer.noDataInRange',
} as const;

/** View and container ids (package.json `views` / `viewsContainers`). */
export const ViewId = {
  container: 'usageExplorer',
  usage: 'usageExplorer.usage',
  demoNotice: 'usageExplorer.demoNotice',
} as const;
