"use client";
// The dashboard's screens (issue 13 lists eleven; a screen is linked once it exists).
import Link from "next/link";
import { usePathname } from "next/navigation";

export const SCREENS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/signals", label: "Signals" },
  { href: "/admin/review", label: "Review queue" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/payments", label: "Payments" },
  { href: "/admin/membership", label: "VIP group" },
  { href: "/admin/partners", label: "Partners" },
  { href: "/admin/risk", label: "Risk & safety" },
  { href: "/admin/auto-trader", label: "Auto-trader" },
  { href: "/admin/reports", label: "Reports" },
  { href: "/admin/delivery", label: "Telegram delivery" },
  { href: "/admin/audit", label: "Audit log" },
] as const;

export function isCurrent(pathname: string, href: string): boolean {
  return href === "/admin" ? pathname === "/admin" : pathname === href || pathname.startsWith(`${href}/`);
}

export function Nav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Dashboard" className="flex flex-col gap-1 p-3">
      {SCREENS.map((s) => {
        const current = isCurrent(pathname, s.href);
        return (
          <Link
            key={s.href}
            href={s.href}
            aria-current={current ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm ${current ? "bg-slate-800 font-medium text-white" : "text-slate-300 hover:bg-slate-900 hover:text-white"}`}
          >
            {s.label}
          </Link>
        );
      })}
    </nav>
  );
}
