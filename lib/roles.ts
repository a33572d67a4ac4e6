/** The roles a member can hold in an organismo (a member may hold several). */
export const ROLES = ['admin', 'designer', 'campaign_manager', 'agent', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** better-auth stores a member's roles comma-separated in one column. */
export function parseRoles(value: string | null | undefined): Role[] {
  if (!value) return [];
  return value
    .split(',')
    .map((r) => r.trim())
    .filter(isRole);
}

export function serializeRoles(roles: readonly Role[]): string {
  return ROLES.filter((r) => roles.includes(r)).join(',');
}

export type NavItem = { key: string; href: string; roles: readonly Role[] };

/** The app's sections and who may use them; the shell shows only what a member's roles allow. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'home', href: '/', roles: ROLES },
  { key: 'queues', href: '/queues', roles: ['agent', 'supervisor', 'admin'] },
  { key: 'flows', href: '/flows', roles: ['admin', 'designer', 'supervisor'] },
  { key: 'executions', href: '/executions', roles: ['admin', 'designer', 'supervisor'] },
  { key: 'campaigns', href: '/campaigns', roles: ['campaign_manager', 'supervisor', 'admin'] },
  { key: 'contactLists', href: '/campaigns/lists', roles: ['campaign_manager', 'supervisor', 'admin'] },
  { key: 'outbox', href: '/outbox', roles: ['admin', 'designer', 'supervisor', 'campaign_manager'] },
  { key: 'members', href: '/settings/members', roles: ['admin'] },
  { key: 'apiKeys', href: '/settings/api-keys', roles: ['admin'] },
  { key: 'telephony', href: '/settings/telephony', roles: ['admin'] },
  { key: 'secrets', href: '/settings/secrets', roles: ['admin'] },
  { key: 'organization', href: '/settings/organization', roles: ['admin'] },
  { key: 'audit', href: '/settings/audit', roles: ['admin'] },
  { key: 'noLlame', href: '/settings/no-llame', roles: ['admin', 'supervisor', 'campaign_manager'] },
  {
    key: 'doNotContact',
    href: '/settings/do-not-contact',
    roles: ['admin', 'supervisor', 'campaign_manager'],
  },
  { key: 'health', href: '/health', roles: ['admin', 'supervisor'] },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.some((r) => roles.includes(r)));
}
