// Admin CRUD of partners (SPEC §10). Referral codes are unique case-insensitively (stored
// lower-cased; the unique index decides races → 409). A partner who has earned credits cannot
// be deleted (409): credits are accounting records of money owed. One without credits can; the
// users they referred stay, unlinked.
import type { TAuthUser } from "../auth/authenticate";
import { db } from "../db/client";
import { AppError, notFound, toAppError } from "../errors";
import { getPartner, type TPartnerDto } from "./list-partners";
import type { TCreatePartnerInput, TUpdatePartnerInput } from "./schemas";

const codeTaken = () => new AppError("CONFLICT", "This referral code is already used by another partner (codes are case-insensitive)", { field: "referral_code" });

async function mapConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (toAppError(err).code === "CONFLICT") throw codeTaken();
    throw err;
  }
}

export async function createPartner(admin: TAuthUser, input: TCreatePartnerInput): Promise<TPartnerDto> {
  const id = await mapConflict(() =>
    db().$transaction(async (tx) => {
      const row = await tx.partner.create({
        data: { name: input.name, telegramHandle: input.telegram_handle ?? null, email: input.email ?? null, referralCode: input.referral_code },
        select: { id: true },
      });
      await tx.auditEvent.create({ data: { actorId: admin.id, action: "partner.create", target: `partner:${row.id}`, details: input } });
      return row.id;
    }),
  );
  return getPartner(id);
}

export async function updatePartner(admin: TAuthUser, id: number, input: TUpdatePartnerInput): Promise<TPartnerDto> {
  await mapConflict(() =>
    db().$transaction(async (tx) => {
      const { count } = await tx.partner.updateMany({
        where: { id },
        data: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.telegram_handle !== undefined ? { telegramHandle: input.telegram_handle } : {}),
          ...(input.email !== undefined ? { email: input.email } : {}),
          ...(input.referral_code !== undefined ? { referralCode: input.referral_code } : {}),
        },
      });
      if (count === 0) throw notFound("Partner");
      await tx.auditEvent.create({ data: { actorId: admin.id, action: "partner.update", target: `partner:${id}`, details: input } });
    }),
  );
  return getPartner(id);
}

export async function deletePartner(admin: TAuthUser, id: number): Promise<{ deleted: true; id: number }> {
  await db().$transaction(async (tx) => {
    // Users first, then the partner: the order a confirmation takes (user row, then the
    // partner through the credit's foreign key), so the two never deadlock.
    await tx.$queryRaw`SELECT id FROM users WHERE referred_by_partner_id = ${id} ORDER BY id FOR UPDATE`;
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM partners WHERE id = ${id} FOR UPDATE`;
    if (locked.length === 0) throw notFound("Partner");
    const credits = await tx.partnerCredit.count({ where: { partnerId: id } });
    if (credits > 0) {
      throw new AppError("CONFLICT", `This partner has ${credits} credit(s) on record and cannot be deleted; rename or change the code instead`, {
        extra: { paid_referrals: credits },
      });
    }
    await tx.partner.delete({ where: { id } });
    await tx.auditEvent.create({ data: { actorId: admin.id, action: "partner.delete", target: `partner:${id}`, details: {} } });
  });
  return { deleted: true, id };
}
