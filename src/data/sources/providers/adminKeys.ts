import type * as vscode from 'vscode';
import { type ProviderKind } from '../../../core/sources/providers/spec';

/**
 * Where each organisation's Admin key lives in SecretStorage: one entry per provider and source
 * name (several organisations may be configured), nowhere else.
 */
export function adminKeySecret(kind: ProviderKind, name?: string): string {
  const trimmed = name?.trim();
  return `usageExplorer.${kind}.adminKey${trimmed ? `:${trimmed}` : ''}`;
}

export async function readAdminKey(secrets: vscode.SecretStorage, kind: ProviderKind, name?: string): Promise<string | undefined> {
  return (await secrets.get(adminKeySecret(kind, name)))?.trim() || undefined;
}

/** The key prefix each provider gives its Admin keys; another prefix is likely an ordinary API key. */
export const ADMIN_KEY_PREFIX: Readonly<Record<ProviderKind, string>> = { openai: 'sk-admin-', anthropic: 'sk-ant-admin' };
