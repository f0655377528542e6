"use client";
// Partners: create, edit and delete (as /api/admin/partners allows), with each partner's referral
// link, referrals, paid referrals and earnings. The rules (code format, uniqueness) are the server's.
import * as Dialog from "@radix-ui/react-dialog";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useId, useState, type FormEvent } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { columnHelper, DataTable, Pager } from "../_components/data-table";
import { buttonClass, dangerButtonClass, Empty, ErrorState, inputClass, Loading, primaryButtonClass } from "../_components/states";
import { useToast } from "../_components/toast";
import { useTRPC } from "../_components/trpc-provider";

export type TPartnersPage = inferRouterOutputs<AppRouter>["partners"]["list"];
type TRow = TPartnersPage["partners"][number];
type TFields = { name: string; referral_code: string; telegram_handle: string; email: string };
const PER_PAGE = 50;
const EMPTY: TFields = { name: "", referral_code: "", telegram_handle: "", email: "" };

/** Blank optional fields are "none" (null); the server validates the rest. */
const body = (f: TFields) => ({ name: f.name, referral_code: f.referral_code, telegram_handle: f.telegram_handle.trim() || null, email: f.email.trim() || null });

function PartnerFields({ value, onChange }: { value: TFields; onChange: (v: TFields) => void }) {
  const id = useId();
  const field = (key: keyof TFields, label: string, extra: { type?: string; required?: boolean; placeholder?: string } = {}) => (
    <label htmlFor={`${id}-${key}`} className="flex flex-col gap-1 text-sm">
      {label}
      <input id={`${id}-${key}`} className={inputClass} value={value[key]} onChange={(e) => onChange({ ...value, [key]: e.target.value })} {...extra} />
    </label>
  );
  return (
    <>
      {field("name", "Name", { required: true })}
      {field("referral_code", "Referral code", { required: true, placeholder: "letters, digits, _ or -" })}
      {field("telegram_handle", "Telegram handle (optional)", { placeholder: "@handle" })}
      {field("email", "Email (optional)", { type: "email" })}
    </>
  );
}

function EditPartner({ p }: { p: TRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [fields, setFields] = useState<TFields>(EMPTY);
  const update = useMutation(
    trpc.partners.update.mutationOptions({
      onSuccess: async (r) => {
        toast(`Partner saved: ${r.name}`);
        setOpen(false);
        await queryClient.invalidateQueries({ queryKey: trpc.partners.pathKey() });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ id: p.id, values: body(fields) });
  };
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setFields({ name: p.name, referral_code: p.referral_code, telegram_handle: p.telegram_handle ?? "", email: p.email ?? "" });
          update.reset();
        }
      }}
    >
      <Dialog.Trigger className={buttonClass}>Edit</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-[28rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-slate-700 bg-slate-900 p-6 text-slate-100 shadow-xl">
          <Dialog.Title className="mb-1 text-lg font-semibold">Edit {p.name}</Dialog.Title>
          <Dialog.Description className="mb-4 text-sm text-slate-300">Changing the code breaks links already shared with the old one.</Dialog.Description>
          <form onSubmit={submit} className="flex flex-col gap-3">
            <PartnerFields value={fields} onChange={setFields} />
            {update.isError && (
              <p role="alert" className="text-sm text-rose-300">
                {update.error.message}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <Dialog.Close type="button" className={buttonClass}>
                Cancel
              </Dialog.Close>
              <button type="submit" className={primaryButtonClass} disabled={update.isPending}>
                {update.isPending ? "Saving…" : "Save the partner"}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function DeletePartner({ p }: { p: TRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation(
    trpc.partners.delete.mutationOptions({
      onSuccess: async () => {
        toast(`Partner deleted: ${p.name}`);
        await queryClient.invalidateQueries({ queryKey: trpc.partners.pathKey() });
      },
    }),
  );
  return (
    <ConfirmDialog
      trigger="Delete"
      triggerClassName={dangerButtonClass.replace("px-4 py-2", "px-3 py-1.5")}
      title={`Delete ${p.name}?`}
      description={`The code ${p.referral_code} stops working for new registrations.`}
      confirm="Delete the partner"
      danger
      pending={remove.isPending}
      onConfirm={() => remove.mutateAsync({ id: p.id })}
    />
  );
}

function CopyLink({ code }: { code: string }) {
  const toast = useToast();
  const link = `verzek://register?ref=${code}`;
  return (
    <button type="button" className={buttonClass} onClick={() => void navigator.clipboard?.writeText(link).then(() => toast(`Copied ${link}`), () => toast("Could not copy the link", "error"))}>
      Copy referral link
    </button>
  );
}

const h = columnHelper<TRow>();
const columns = [
  h.accessor("name", { header: "Name", cell: (c) => <span className="font-medium">{c.getValue()}</span> }),
  h.accessor("referral_code", { header: "Code", cell: (c) => <code data-testid="partner-code">{c.getValue()}</code> }),
  h.display({ id: "contact", header: "Contact", cell: (c) => [c.row.original.telegram_handle && `@${c.row.original.telegram_handle}`, c.row.original.email].filter(Boolean).join(" · ") || "—" }),
  h.accessor("total_referrals", { header: "Referrals" }),
  h.accessor("paid_referrals", { header: "Paid" }),
  h.accessor("earnings", { header: "Earnings (USD)" }),
  h.display({
    id: "actions",
    header: "Actions",
    cell: (c) => (
      <div className="flex flex-wrap gap-2">
        <CopyLink code={c.row.original.referral_code} />
        <EditPartner p={c.row.original} />
        <DeletePartner p={c.row.original} />
      </div>
    ),
  }),
];

function CreatePartner() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [fields, setFields] = useState<TFields>(EMPTY);
  const create = useMutation(
    trpc.partners.create.mutationOptions({
      onSuccess: async (r) => {
        toast(`Partner created: ${r.name} (${r.referral_code})`);
        setFields(EMPTY);
        await queryClient.invalidateQueries({ queryKey: trpc.partners.pathKey() });
      },
    }),
  );
  return (
    <section aria-labelledby="new-partner" className="rounded-lg border border-slate-800 bg-slate-900/40 p-4">
      <h2 id="new-partner" className="mb-3 text-lg font-semibold">
        New partner
      </h2>
      <form
        className="grid grid-cols-4 items-end gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(body(fields));
        }}
      >
        <PartnerFields value={fields} onChange={setFields} />
        {create.isError && (
          <p role="alert" className="col-span-4 text-sm text-rose-300">
            {create.error.message}
          </p>
        )}
        <div className="col-span-4">
          <button type="submit" className={primaryButtonClass} disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create the partner"}
          </button>
        </div>
      </form>
    </section>
  );
}

export function PartnersScreen({ initial }: { initial: TPartnersPage }) {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const searchId = useId();
  const isDefault = page === 1 && !q;
  const list = useQuery({ ...trpc.partners.list.queryOptions({ page, per_page: PER_PAGE, ...(q ? { q } : {}) }), initialData: isDefault ? initial : undefined, initialDataUpdatedAt: 0, placeholderData: keepPreviousData });
  return (
    <div className="flex flex-col gap-8">
      <CreatePartner />
      <section aria-labelledby="partners" className="flex flex-col gap-3">
        <h2 id="partners" className="text-lg font-semibold">
          Partners
        </h2>
        <label htmlFor={searchId} className="flex w-72 flex-col gap-1 text-sm">
          Search partners
          <input id={searchId} type="search" className={inputClass} placeholder="name, code or email" value={q} onChange={(e) => (setQ(e.target.value.trim()), setPage(1))} />
        </label>
        {list.isError ? (
          <ErrorState error={list.error} retry={() => void list.refetch()} />
        ) : !list.data ? (
          <Loading what="partners" />
        ) : list.data.partners.length === 0 ? (
          <Empty>{isDefault ? "No partner yet: create the first one above." : "No partner matches this search."}</Empty>
        ) : (
          <>
            <DataTable caption="Partners" columns={columns} data={list.data.partners} rowId={(r) => String(r.id)} testId="partners-table" />
            <Pager page={page} perPage={PER_PAGE} total={list.data.total} noun="partners" onPage={setPage} />
          </>
        )}
      </section>
    </div>
  );
}
