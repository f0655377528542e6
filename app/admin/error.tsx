"use client";
// A dashboard page that failed to load: say so and offer a retry (the server logged the cause).
export default function AdminError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p role="alert" className="rounded-md border border-amber-700 bg-amber-950 px-3 py-2 text-sm text-amber-100">
        Something went wrong on our side while reading the dashboard&apos;s data. The details are in the server log.
      </p>
      <button onClick={reset} className="w-fit rounded-md border border-slate-700 px-3 py-1 hover:bg-slate-900">
        Try again
      </button>
    </section>
  );
}
