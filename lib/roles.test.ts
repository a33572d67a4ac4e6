import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { navFor, parseRoles, ROLES, serializeRoles } from './roles';

describe('roles', () => {
  it('round-trips any set of roles through the member column', () => {
    fc.assert(
      fc.property(fc.subarray([...ROLES]), (roles) => {
        expect(parseRoles(serializeRoles(roles))).toEqual(ROLES.filter((r) => roles.includes(r)));
      }),
    );
  });

  it('ignores unknown or blank roles (better-auth defaults such as owner or member)', () => {
    expect(parseRoles('owner, agent ,member,,supervisor')).toEqual(['agent', 'supervisor']);
    expect(parseRoles(null)).toEqual([]);
  });

  it('shows admins the settings and hides them from agents', () => {
    const admin = navFor(['admin']).map((n) => n.key);
    const agent = navFor(['agent']).map((n) => n.key);
    expect(admin).toEqual(expect.arrayContaining(['home', 'members', 'audit', 'health']));
    expect(agent).toContain('queues');
    expect(agent).not.toContain('members');
    expect(agent).not.toContain('audit');
  });

  it('gives a member with several roles the union of their sections', () => {
    const keys = navFor(['agent', 'admin']).map((n) => n.key);
    expect(keys).toEqual(expect.arrayContaining(['queues', 'members']));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
