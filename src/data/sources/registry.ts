import { autoSourceDefinition } from './auto/autoSource';
import { DEMO_SOURCE } from './demo/demoSource';
import { FILES_SOURCE } from './files/definition';
import { HTTP_SOURCE } from './http/definition';
import { POSTGRES_SOURCE } from './postgres/definition';
import { ANTHROPIC_SOURCE, OPENAI_SOURCE } from './providers/definition';
import { type SourceDefinition, type SourceKind } from './types';

/**
 * Every kind of source, one line each (docs/sources.md). `auto` asks the kinds with an `offer`
 * in this order, so files come first and demo data is the last resort.
 */
export const SOURCE_DEFINITIONS: readonly SourceDefinition[] = [
  FILES_SOURCE,
  HTTP_SOURCE,
  POSTGRES_SOURCE,
  OPENAI_SOURCE,
  ANTHROPIC_SOURCE,
  DEMO_SOURCE,
  autoSourceDefinition(() => SOURCE_DEFINITIONS),
];

export function sourceDefinition(kind: SourceKind): SourceDefinition | undefined {
  return SOURCE_DEFINITIONS.find((d) => d.kind === kind);
}
