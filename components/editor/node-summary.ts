import type { NameOf } from '@/workflows/dsl/node-definition';
import { findNodeDefinition } from '@/workflows/kinds/registry';

type Locale = 'es-AR' | 'en';
type Entry = { kind: string; locale: Locale; nameOf: NameOf | undefined; text: string };

// Keyed by the config object: the store replaces a node's config on every edit and never mutates it,
// so a node re-rendered for any other reason (selection, errors, zoom) reuses its summary.
const CACHE = new WeakMap<object, Entry>();

/**
 * The one-line summary a node card shows, parsing the config with the kind's schema once per config
 * object instead of on every render; '' when the config does not parse yet or the kind is unknown.
 */
export function nodeSummary(
  kind: string,
  config: Record<string, unknown>,
  locale: Locale,
  nameOf?: NameOf,
): string {
  const cached = CACHE.get(config);
  if (cached && cached.kind === kind && cached.locale === locale && cached.nameOf === nameOf) {
    return cached.text;
  }
  const def = findNodeDefinition(kind);
  const parsed = def?.schema.safeParse(config);
  const text = def && parsed?.success ? def.summary(parsed.data, locale, nameOf) : '';
  CACHE.set(config, { kind, locale, nameOf, text });
  return text;
}
