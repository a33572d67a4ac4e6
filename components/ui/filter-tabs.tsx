import Link from 'next/link';

export type FilterTab = { key: string; href: string; label: string; current: boolean };

/**
 * A row of links that filter a list page through its query string. Not Tabs on purpose: each link
 * loads another page (aria-current), while WAI-ARIA tabs switch a panel in place; links keep their
 * own tab stop, open in a new tab and work without JavaScript.
 */
export function FilterTabs({ label, tabs }: { label: string; tabs: FilterTab[] }) {
  return (
    <nav aria-label={label} className="flex gap-1 text-sm">
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          aria-current={tab.current ? 'page' : undefined}
          className={`rounded-md px-3 py-1 ${tab.current ? 'bg-brand-600 text-white' : 'bg-white text-slate-700 hover:bg-slate-100'}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
