'use client';

import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { NameOf } from '@/workflows/dsl/node-definition';
import type { EditorResources } from './compile-resources';

const NameOfContext = createContext<NameOf>(() => undefined);

/** Resource names for node summaries ("Horario Lunes a viernes" instead of a schedule's uuid). */
export function ResourceNamesProvider({
  resources,
  children,
}: {
  resources: EditorResources;
  children: ReactNode;
}) {
  const nameOf = useMemo(() => nameLookup(resources), [resources]);
  return <NameOfContext.Provider value={nameOf}>{children}</NameOfContext.Provider>;
}

export function useNameOf(): NameOf {
  return useContext(NameOfContext);
}

function nameLookup(resources: Pick<EditorResources, 'queues' | 'areas' | 'schedules' | 'flows'>): NameOf {
  const maps = {
    queues: new Map(resources.queues.map((r) => [r.id, r.name])),
    areas: new Map(resources.areas.map((r) => [r.id, r.name])),
    schedules: new Map(resources.schedules.map((r) => [r.id, r.name])),
    flows: new Map(resources.flows.map((r) => [r.id, r.name])),
  };
  return (kind, id) => maps[kind].get(id);
}
