"use client";
// The labelled filter inputs above every dashboard list: the first option of a select, "Any …",
// and an empty text both mean "no filter" (undefined), which is what the list procedures take.
import { useId, useState } from "react";
import { inputClass } from "./states";

export function FilterSelect<V extends string>({ label, any, options, value, onChange }: {
  label: string;
  any: string;
  options: readonly V[];
  value: V | undefined;
  onChange: (value: V | undefined) => void;
}) {
  const id = useId();
  return (
    <label htmlFor={id} className="flex flex-col gap-1">
      {label}
      <select id={id} className={inputClass} value={value ?? ""} onChange={(e) => onChange((e.target.value || undefined) as V | undefined)}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}

export function FilterText({ label, placeholder, search, value, onChange }: {
  label: string;
  placeholder: string;
  search?: boolean;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const id = useId();
  return (
    <label htmlFor={id} className="flex flex-col gap-1">
      {label}
      <input id={id} type={search ? "search" : "text"} className={inputClass} placeholder={placeholder} value={value ?? ""} onChange={(e) => onChange(e.target.value.trim() || undefined)} />
    </label>
  );
}

/** A list's filters and page: changing a filter goes back to page 1. */
export function useListFilters<F extends object>() {
  const [filters, setFilters] = useState<F>({} as F);
  const [page, setPage] = useState(1);
  const update = (patch: F) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  return { filters, update, page, setPage };
}
