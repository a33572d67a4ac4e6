import { z } from 'zod';
import { defineNode, neverWaits, noDefinitions, noReferences, port } from '../../dsl/node-definition';
import { invalidAs } from '../../dsl/problems';

const ZBranch = z.object({
  id: z.string().regex(/^[a-z0-9_]{1,30}$/, invalidAs('slug', { max: 30, example: 'rama_a' })),
  label: z.string().min(1).max(60),
  weight: z.number().int().min(0).max(100),
});

export const abSplit = defineNode({
  kind: 'ab_split',
  category: 'logic',
  title: { 'es-AR': 'Prueba A/B', en: 'A/B split' },
  description: {
    'es-AR':
      'Reparte los contactos entre variantes según el peso de cada una. Un mismo contacto siempre va por la misma variante.',
    en: 'Spreads contacts over variants by weight. The same contact always takes the same variant.',
  },
  schema: z.object({
    branches: z
      .array(ZBranch)
      .min(2)
      .max(10)
      .default([
        { id: 'a', label: 'A', weight: 50 },
        { id: 'b', label: 'B', weight: 50 },
      ])
      .refine((bs) => bs.some((b) => b.weight > 0), invalidAs('branchWeight'))
      .refine((bs) => new Set(bs.map((b) => b.id)).size === bs.length, invalidAs('duplicateBranchId')),
  }),
  // A branch weighted 0 is never taken, so it need not be connected (handy to pause a variant).
  ports: (c) => c.branches.map((b) => port(`branch_${b.id}`, b.label, b.label, b.weight > 0)),
  waits: neverWaits,
  references: noReferences,
  defines: noDefinitions,
  summary: (c) => {
    const total = c.branches.reduce((sum, b) => sum + b.weight, 0);
    return c.branches
      .map((b) => `${b.label} ${total > 0 ? Math.round((b.weight / total) * 100) : 0}%`)
      .join(' · ');
  },
});
