import type { Metadata } from "next";
import { listReviewItems } from "@/server/signals/review-queue";
import { PageHeader } from "../_components/states";
import { requireAdminPage } from "../_lib/require-admin";
import { ReviewList } from "./review-list";

export const metadata: Metadata = { title: "Review queue" };
export const dynamic = "force-dynamic";

export default async function ReviewPage() {
  await requireAdminPage();
  const initial = await listReviewItems({ state: "pending", page: 1, per_page: 20 });
  return (
    <div>
      <PageHeader title="Review queue" />
      <p className="mb-4 max-w-3xl text-sm text-slate-400">
        Posts from the signal channel that the parser could not use, with its reason. Turn one into a signal (the form starts with what the parser could
        read) or dismiss it.
      </p>
      <ReviewList initial={initial} />
    </div>
  );
}
