// GET/PUT of one settings group: a PUT takes any subset of the group's fields, validates each,
// saves all or nothing and answers the whole group.
import { db, type TTx } from "../db/client";
import { AppError, invalidInput } from "../errors";
import { Prisma } from "../db/client";
import { selectFor, settingsSchema, toColumns, toWire, type TSettingsGroup } from "./settings-groups";

export async function getSettings(userId: number, group: TSettingsGroup): Promise<Record<string, unknown>> {
  const row = await db().user.findUniqueOrThrow({ where: { id: userId }, select: selectFor(group) });
  return { ...toWire(group, row), ...(group === "general" ? await telegramLink(db(), userId) : {}) };
}

/** Read-only in the general group: the Telegram account linked through the bot (not settable by PUT). */
async function telegramLink(client: Pick<TTx, "user">, userId: number) {
  const u = await client.user.findUniqueOrThrow({ where: { id: userId }, select: { telegramUserId: true, telegramUsername: true } });
  return { telegram_linked: u.telegramUserId !== null, telegram_username: u.telegramUsername };
}

export async function updateSettings(
  userId: number,
  group: TSettingsGroup,
  input: unknown,
): Promise<Record<string, unknown>> {
  const parsed = settingsSchema(group).parse(input);
  const data = toColumns(group, parsed);
  return db().$transaction(async (tx) => {
    // Row lock: cross-field rules see the values this update will be combined with.
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
    const current = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: selectFor(group) });
    const merged = { ...current, ...data } as Record<string, unknown>;
    if (group === "risk") checkRiskConsistency(merged);
    if (group === "general" && typeof data.username === "string") {
      const taken = await tx.user.findFirst({
        where: { id: { not: userId }, username: { equals: data.username, mode: "insensitive" } },
        select: { id: true },
      });
      if (taken) throw new AppError("CONFLICT", "An account with this username already exists", { field: "username" });
    }
    const row = await tx.user.update({ where: { id: userId }, data, select: selectFor(group) });
    // The connection's leverage_default is the same setting (exchange-connection.ts): kept equal.
    if (typeof data.leverage === "number") await tx.exchangeConnection.updateMany({ where: { userId }, data: { leverageDefault: data.leverage } });
    return { ...toWire(group, row), ...(group === "general" ? await telegramLink(tx, userId) : {}) };
  });
}

function checkRiskConsistency(merged: Record<string, unknown>): void {
  const capital = new Prisma.Decimal(String(merged.capitalUsdt));
  const perTrade = new Prisma.Decimal(String(merged.perTradeUsdt));
  if (perTrade.gt(capital)) throw invalidInput("per_trade_usdt", "must not exceed capital_usdt");
}
