// Loading, empty and error states shared by every dashboard screen.
import type { ReactNode } from "react";

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" aria-live="polite" className="py-6 text-sm text-slate-400">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed border-slate-700 px-4 py-6 text-center text-sm text-slate-400">{children}</p>;
}

export function ErrorState({ error, retry }: { error: { message: string }; retry?: () => void }) {
  return (
    <div role="alert" className="flex items-center justify-between gap-4 rounded-md border border-rose-800 bg-rose-950 px-3 py-2 text-sm text-rose-100">
      <span>{error.message}</span>
      {retry && (
        <button type="button" onClick={retry} className="shrink-0 rounded-md border border-rose-700 px-2 py-1 hover:bg-rose-900">
          Try again
        </button>
      )}
    </div>
  );
}

export type TListQuery<T> = { isError: boolean; error: { message: string } | null; data: T | undefined; refetch: () => unknown };

/** A list query's error, loading and empty states; `children` renders the list once it has rows. */
export function ListStates<T>({ query, what, isEmpty, empty, children }: {
  query: TListQuery<T>;
  what: string;
  isEmpty: (data: T) => boolean;
  empty: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isError && query.error) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  if (!query.data) return <Loading what={what} />;
  if (isEmpty(query.data)) return <Empty>{empty}</Empty>;
  return <>{children(query.data)}</>;
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children}
    </div>
  );
}

export const inputClass = "rounded-md border border-slate-700 bg-slate-900 px-3 py-2 text-sm text-slate-100 focus:border-emerald-500 focus:outline-none";
export const buttonClass = "rounded-md border border-slate-700 px-3 py-1.5 text-sm hover:bg-slate-800 disabled:cursor-not-allowed disabled:opacity-50";
export const primaryButtonClass = "rounded-md bg-emerald-500 px-4 py-2 text-sm font-medium text-slate-950 hover:bg-emerald-400 disabled:cursor-not-allowed disabled:opacity-50";
export const dangerButtonClass = "rounded-md bg-rose-600 px-4 py-2 text-sm font-medium text-white hover:bg-rose-500 disabled:cursor-not-allowed disabled:opacity-50";
