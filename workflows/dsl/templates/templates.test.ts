import { describe, expect, it } from 'vitest';
import { compile } from '../../kinds/compile';
import type { CompileResources } from '../node-definition';
import { FLOW_TEMPLATES } from './index';

const ids = { queueId: 'q1', areaId: 'a1', scheduleId: 's1' };
const resources: CompileResources = {
  flowId: 'f1',
  queues: new Set(['q1']),
  areas: new Set(['a1']),
  schedules: new Set(['s1']),
  flows: new Map(),
  allowedHosts: [],
  secrets: new Set(),
};

describe('flow templates', () => {
  it.each(FLOW_TEMPLATES)('$id compiles once the organismo has its queue, area and schedule', (template) => {
    const result = compile({
      graph: template.build(ids),
      flowId: 'f1',
      versionId: 'v1',
      organizationId: 'o1',
      resources,
    });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(FLOW_TEMPLATES)(
    '$id without resources names exactly the fields the designer must fill',
    (template) => {
      const result = compile({
        graph: template.build({ queueId: '', areaId: '', scheduleId: '' }),
        flowId: 'f1',
        versionId: 'v1',
        organizationId: 'o1',
        resources: { ...resources, queues: new Set(), areas: new Set(), schedules: new Set() },
      });
      const fields = new Set(result.problems.map((p) => p.field));
      expect(result.ok).toBe(false);
      expect([...fields].sort()).toEqual([...template.needs].sort());
    },
  );
});
