import Link from 'next/link';

export type FilterTab = { key: string; href: string; label: string; current: boolean };

/** A row of links that filter a list page through its query string. */
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
