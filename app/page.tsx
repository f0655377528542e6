import Link from "next/link";

export default function Home() {
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-6 px-6 py-16">
      <h1 className="text-3xl font-semibold">Verzek Auto Trader</h1>
      <p className="text-slate-300">
        Trading signals in Telegram and the mobile app, USDT plans, and an auto-trader for PREMIUM members — guarded
        by a risk engine.
      </p>
      <div className="flex gap-3">
        <Link href="/admin" className="rounded-md bg-emerald-500 px-4 py-2 font-medium text-slate-950 hover:bg-emerald-400">
          Operator dashboard
        </Link>
        <a href="/api/health" className="rounded-md border border-slate-700 px-4 py-2 hover:bg-slate-900">
          API health
        </a>
      </div>
    </main>
  );
}
