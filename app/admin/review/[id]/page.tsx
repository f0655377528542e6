import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { toAppError } from "@/server/errors";
import { getReviewItem } from "@/server/signals/review-queue";
import { PageHeader } from "../../_components/states";
import { requireAdminPage } from "../../_lib/require-admin";
import { ReviewItem } from "./review-item";

export const metadata: Metadata = { title: "Review a post" };
export const dynamic = "force-dynamic";

export default async function ReviewItemPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id: raw } = await params;
  const id = Number(raw);
  if (!/^[1-9]\d{0,9}$/.test(raw) || id > 2_147_483_647) notFound();
  const initial = await getReviewItem(id).catch((err: unknown) => {
    if (toAppError(err).code === "NOT_FOUND") notFound();
    throw err;
  });
  return (
    <div>
      <Link href="/admin/review" className="text-sm text-slate-400 underline">
        ← Review queue
      </Link>
      <PageHeader title={`Channel post ${initial.item.message_id}`} />
      <ReviewItem initial={initial} />
    </div>
  );
}
