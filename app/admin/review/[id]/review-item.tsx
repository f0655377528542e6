"use client";
// One unused channel post: the text and the parser's reason beside the signal form, pre-filled with
// what the parser could read. Sending makes the signal as this post's own (review.createSignal).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { AppRouter } from "@/server/trpc/root";
import { useToast } from "../../_components/toast";
import { useTRPC } from "../../_components/trpc-provider";
import { when } from "../../_lib/format";
import { SignalForm } from "../../signals/_components/signal-form";
import { draftToForm } from "../_lib/draft-form";
import { DismissButton } from "../review-list";

type TReviewItem = inferRouterOutputs<AppRouter>["review"]["get"];

export function ReviewItem({ initial }: { initial: TReviewItem }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const router = useRouter();
  const { item, draft } = initial;
  const create = useMutation(
    trpc.review.createSignal.mutationOptions({
      onSuccess: async (res) => {
        toast(`Signal posted from the channel post: ${res.signal.symbol} ${res.signal.direction}`);
        await queryClient.invalidateQueries({ queryKey: trpc.review.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.signals.list.pathKey() });
        router.push(`/admin/signals/${res.signal.id}`);
      },
    }),
  );
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="post" className="grid grid-cols-1 gap-4 lg:grid-cols-[1fr_18rem]">
        <div>
          <h2 id="post" className="mb-2 text-lg font-semibold">
            The post
          </h2>
          <pre data-testid="review-post" className="whitespace-pre-wrap break-words rounded-md border border-slate-700 bg-slate-950 p-3 font-sans text-sm">
            {item.text}
          </pre>
        </div>
        <dl className="flex flex-col gap-3 text-sm">
          <div>
            <dt className="text-xs uppercase tracking-wide text-slate-400">Parser&apos;s reason</dt>
            <dd className="text-amber-200" data-testid="review-reason">{item.reason}</dd>
          </div>
          <div>
            <dt className="text-xs uppercase tracking-wide text-slate-400">Received</dt>
            <dd>{when(item.created_at)} · chat {item.chat_id}</dd>
          </div>
          <div>
            <dt className="text-xs uppercase tracking-wide text-slate-400">State</dt>
            <dd data-testid="review-state">
              {item.signal_id ? (
                <Link href={`/admin/signals/${item.signal_id}`} className="text-emerald-300 underline">
                  turned into a signal
                </Link>
              ) : (
                item.state
              )}
            </dd>
          </div>
          {item.state === "pending" && (
            <div>
              <DismissButton item={item} onDone={() => router.push("/admin/review")} />
            </div>
          )}
        </dl>
      </section>
      {item.state === "pending" ? (
        <SignalForm
          title="Turn it into a signal"
          initial={draftToForm(draft)}
          send={{ label: "Send this signal to Telegram and the app", mutate: (raw) => create.mutate({ id: item.id, signal: raw }), isPending: create.isPending, error: create.error }}
        />
      ) : (
        <p className="text-sm text-slate-400">This post has been decided; it can no longer be turned into a signal.</p>
      )}
    </div>
  );
}
