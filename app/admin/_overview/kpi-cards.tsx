// The overview's KPI cards: GET /api/admin/overview's figures (server/analytics/overview.ts says
// what each counts). Layout only.
import Link from "next/link";
import type { ReactNode } from "react";
import type { TOverview } from "./overview-screen";

function Card({ label, value, testId, children, href }: { label: string; value: ReactNode; testId?: string; children?: ReactNode; href?: string }) {
  const body = (
    <>
      <dt className="text-xs uppercase tracking-wide text-slate-400">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {children && <dd className="mt-1 text-xs text-slate-400">{children}</dd>}
    </>
  );
  return (
    <div className="rounded-lg border border-slate-800 bg-slate-900 p-4">
      {href ? (
        <Link href={href} className="block hover:opacity-90">
          {body}
        </Link>
      ) : (
        body
      )}
    </div>
  );
}

export function KpiCards({ o }: { o: TOverview }) {
  return (
    <div className="flex flex-col gap-4">
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-4" aria-label="Subscribers">
        <Card label="Subscribers" value={o.total_users} testId="users-total">
          {o.signups.today} new today · {o.signups.last_7d} in 7 days
        </Card>
        <Card label="TRIAL" value={o.trial_users} testId="users-trial">
          {o.admin_users} admin account{o.admin_users === 1 ? "" : "s"} not counted
        </Card>
        <Card label="VIP" value={o.vip_users} testId="users-vip">
          {o.subscriptions.VIP.expiring_7d} expiring within 7 days
        </Card>
        <Card label="PREMIUM" value={o.premium_users} testId="users-premium">
          {o.subscriptions.PREMIUM.expiring_7d} expiring within 7 days
        </Card>
      </dl>
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-4" aria-label="Business">
        <Card label="Revenue today" value={`${o.revenue_usdt.today} USDT`} testId="kpi-revenue-today">
          7 d {o.revenue_usdt.last_7d} · 30 d {o.revenue_usdt.last_30d} · all {o.revenue_usdt.all_time}
        </Card>
        <Card label="Payments waiting" value={o.pending_payments} testId="kpi-pending-payments" href="/admin/payments">
          {o.confirmed_payments} confirmed · {o.rejected_payments} rejected
        </Card>
        <Card label="Signals sent" value={o.signals_sent} testId="kpi-signals-sent" href="/admin/signals">
          {o.signals_today} today · {o.signals_open} open
        </Card>
        <Card label="Auto-traders on" value={o.auto_traders_enabled} testId="kpi-auto-traders">
          copies open: {o.open_copies.paper} paper · {o.open_copies.live} live
        </Card>
      </dl>
    </div>
  );
}
