// The signed-in user: profile and own settings groups.
import { z } from "zod";
import { getSettings, updateSettings } from "../../users/settings";
import { SETTINGS_GROUP_NAMES, type TSettingsGroup } from "../../users/settings-groups";
import { getSubscription } from "../../subscriptions/update-subscription";
import { toUserDto } from "../../users/user-dto";
import { protectedProcedure, router } from "../init";

const ZGroup = z.enum(SETTINGS_GROUP_NAMES as [TSettingsGroup, ...TSettingsGroup[]]);

export const meRouter = router({
  get: protectedProcedure.query(({ ctx }) => toUserDto(ctx.user)),
  subscription: protectedProcedure.query(({ ctx }) => getSubscription(ctx.user.id)),
  settings: protectedProcedure.input(z.object({ group: ZGroup })).query(({ ctx, input }) => getSettings(ctx.user.id, input.group)),
  updateSettings: protectedProcedure
    .input(z.object({ group: ZGroup, values: z.record(z.string(), z.unknown()) }))
    .mutation(({ ctx, input }) => updateSettings(ctx.user.id, input.group, input.values)),
});
