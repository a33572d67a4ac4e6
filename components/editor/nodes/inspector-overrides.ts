import type { ComponentType } from 'react';
import type { NodeKind } from '@/workflows/kinds/registry';
import type { FormContext } from '../schema-form';
import { SplitInspector } from './split/split-inspector';

/** What a hand-made inspector gets instead of the form generated from the node's schema. */
export type InspectorOverrideProps = {
  /** The node's config as stored (it may not parse yet). */
  value: Record<string, unknown>;
  /** `field` is the config path that changed: typing in one field coalesces into one undo step. */
  onChange: (config: Record<string, unknown>, field: string) => void;
  ctx: FormContext;
};

type InspectorOverride = ComponentType<InspectorOverrideProps>;

/** One registry, kind → inspector: a kind not listed gets the generated form (so Partial, over real kinds). */
export const INSPECTOR_OVERRIDES: Readonly<Partial<Record<NodeKind, InspectorOverride>>> = {
  split: SplitInspector,
};
