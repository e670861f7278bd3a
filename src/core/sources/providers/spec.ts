import { type ProviderClient, type ProviderIdentity } from './client';
import { type ProviderDays, type ProviderNames, type ProviderUsageRow } from './types';

export type ProviderKind = 'openai' | 'anthropic';

/** A named thing a usage row maps to: a worker or a user. */
export interface Named {
  id: string;
  name: string;
}

/** What makes one provider a source: how to reach it, what to fetch, and how its groups and people are named. */
export interface ProviderSpec {
  kind: ProviderKind;
  identity: ProviderIdentity;
  defaultBaseUrl: string;
  /** False when the provider reports no request counts (runs stay unknown). */
  runsKnown: boolean;
  /** The worker a project/workspace id is shown as. */
  workerOf(group: string | null, names: ProviderNames): Named;
  /** The user a usage row is shown as (a person, else its API key or service account). */
  userOf(row: ProviderUsageRow, names: ProviderNames): Named;
  /** Usage and billed costs of the UTC days in [from, to). */
  fetchDays(client: ProviderClient, from: number, to: number): Promise<ProviderDays>;
  /** The usage rows to bill, when the provider re-attributes some (default: the usage as fetched). */
  prepareUsage?(days: ProviderDays, names: ProviderNames): ProviderUsageRow[];
  /** Names of groups, users and API keys; lists the key may not read are left empty. */
  fetchNames(client: ProviderClient): Promise<ProviderNames>;
}
