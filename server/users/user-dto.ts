// What the API says about a user. Never the password hash, never exchange secrets.
import type { Prisma } from "../db/client";

export const USER_DTO_SELECT = {
  id: true,
  username: true,
  email: true,
  role: true,
  plan: true,
  planExpiresAt: true,
  isActive: true,
  telegramHandle: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

export type TUserRow = Prisma.UserGetPayload<{ select: typeof USER_DTO_SELECT }>;

export type TUserDto = {
  id: number;
  username: string;
  email: string;
  role: "USER" | "ADMIN";
  plan: "TRIAL" | "VIP" | "PREMIUM";
  plan_expires_at: string | null;
  is_active: boolean;
  telegram_handle: string | null;
  created_at: string;
};

export function toUserDto(u: TUserRow): TUserDto {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    role: u.role,
    plan: u.plan,
    plan_expires_at: u.planExpiresAt?.toISOString() ?? null,
    is_active: u.isActive,
    telegram_handle: u.telegramHandle,
    created_at: u.createdAt.toISOString(),
  };
}
