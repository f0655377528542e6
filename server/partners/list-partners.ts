// Partners with their derived figures (SPEC §10): total_referrals = users registered with the
// code, paid_referrals and earnings = their credits. Each row's figures come from one SQL
// statement, so they are one consistent snapshot (never a count from before a confirmation
// beside a sum from after it).
import { likeLiteral } from "../db/like-literal";
import { db, Prisma } from "../db/client";
import { notFound } from "../errors";
import type { TPartnerListQuery } from "./schemas";

type TPartnerRow = {
  id: number;
  name: string;
  telegram_handle: string | null;
  email: string | null;
  referral_code: string;
  created_at: Date;
  total_referrals: number;
  paid_referrals: number;
  earnings: string;
};

const selectPartners = (where: Prisma.Sql, tail: Prisma.Sql = Prisma.empty) => Prisma.sql`
  SELECT p.id, p.name, p.telegram_handle, p.email, p.referral_code, p.created_at,
    (SELECT count(*)::int FROM users u WHERE u.referred_by_partner_id = p.id) AS total_referrals,
    (SELECT count(*)::int FROM partner_credits c WHERE c.partner_id = p.id) AS paid_referrals,
    (SELECT coalesce(sum(c.amount), 0)::text FROM partner_credits c WHERE c.partner_id = p.id) AS earnings
  FROM partners p ${where} ${tail}`;

export function toPartnerDto(r: TPartnerRow) {
  return {
    id: r.id,
    name: r.name,
    telegram_handle: r.telegram_handle,
    email: r.email,
    referral_code: r.referral_code,
    total_referrals: r.total_referrals,
    paid_referrals: r.paid_referrals,
    earnings: new Prisma.Decimal(r.earnings).toString(),
    created_at: r.created_at.toISOString(),
  };
}
export type TPartnerDto = ReturnType<typeof toPartnerDto>;

export async function getPartner(id: number): Promise<TPartnerDto> {
  const rows = await db().$queryRaw<TPartnerRow[]>(selectPartners(Prisma.sql`WHERE p.id = ${id}`));
  if (!rows[0]) throw notFound("Partner");
  return toPartnerDto(rows[0]);
}

export async function listPartners(query: TPartnerListQuery) {
  const like = query.q ? `%${likeLiteral(query.q)}%` : undefined;
  const where = like ? Prisma.sql`WHERE p.name ILIKE ${like} OR p.referral_code ILIKE ${like} OR p.email ILIKE ${like}` : Prisma.empty;
  const offset = (query.page - 1) * query.per_page;
  const [rows, total] = await Promise.all([
    db().$queryRaw<TPartnerRow[]>(selectPartners(where, Prisma.sql`ORDER BY p.created_at DESC, p.id DESC LIMIT ${query.per_page} OFFSET ${offset}`)),
    db().$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM partners p ${where}`),
  ]);
  return { partners: rows.map(toPartnerDto), page: query.page, per_page: query.per_page, total: total[0]?.n ?? 0 };
}
