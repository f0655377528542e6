// VIP group membership: the user's link and groups; the admin's unauthorized list and removal —
// the same services as /api/membership/* and /api/admin/membership; one user's membership for the
// user page (server/membership/user-membership.ts).
import { z } from "zod";
import { createTelegramLink } from "../../membership/link-telegram";
import { getMyMembership } from "../../membership/my-membership";
import { listUnauthorizedMembers, removeUnauthorizedMember, ZRemoveMemberInput } from "../../membership/unauthorized";
import { getUserMembership, removeUserFromVip, resendVipInvite } from "../../membership/user-membership";
import { adminProcedure, protectedProcedure, router } from "../init";

const ZUserRef = z.strictObject({ id: z.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be positive").max(2_147_483_647) });

export const membershipRouter = router({
  me: protectedProcedure.query(({ ctx }) => getMyMembership(ctx.user.id)),
  linkTelegram: protectedProcedure.mutation(({ ctx }) => createTelegramLink(ctx.user.id)),
  unauthorized: adminProcedure.query(() => listUnauthorizedMembers()),
  remove: adminProcedure.input(ZRemoveMemberInput).mutation(({ ctx, input }) => removeUnauthorizedMember(ctx.user.id, input)),
  // The admin's user page: one user's membership, and the same removal (for them) or a re-sent invite.
  user: adminProcedure.input(ZUserRef).query(({ input }) => getUserMembership(input.id)),
  removeUser: adminProcedure.input(ZUserRef).mutation(({ ctx, input }) => removeUserFromVip(ctx.user.id, input.id)),
  reinviteUser: adminProcedure.input(ZUserRef).mutation(({ ctx, input }) => resendVipInvite(ctx.user.id, input.id)),
});
