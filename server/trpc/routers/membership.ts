// VIP group membership: the user's link and groups; the admin's unauthorized list and removal —
// the same services as /api/membership/* and /api/admin/membership.
import { createTelegramLink } from "../../membership/link-telegram";
import { getMyMembership } from "../../membership/my-membership";
import { listUnauthorizedMembers, removeUnauthorizedMember, ZRemoveMemberInput } from "../../membership/unauthorized";
import { adminProcedure, protectedProcedure, router } from "../init";

export const membershipRouter = router({
  me: protectedProcedure.query(({ ctx }) => getMyMembership(ctx.user.id)),
  linkTelegram: protectedProcedure.mutation(({ ctx }) => createTelegramLink(ctx.user.id)),
  unauthorized: adminProcedure.query(() => listUnauthorizedMembers()),
  remove: adminProcedure.input(ZRemoveMemberInput).mutation(({ ctx, input }) => removeUnauthorizedMember(ctx.user.id, input)),
});
