// GET/PUT /api/users/:id/<group>: owner or admin, one service per group.
import { preflightResponse } from "@/server/http/cors";
import { readJson } from "@/server/http/read-json";
import { route } from "@/server/http/route";
import { resolveTargetUserId } from "@/server/users/access";
import { getSettings, updateSettings } from "@/server/users/settings";
import type { TSettingsGroup } from "@/server/users/settings-groups";

export function settingsRoutes(group: TSettingsGroup) {
  return {
    GET: route({ auth: "user" }, async ({ user, params }) => getSettings(await resolveTargetUserId(user, params.id ?? ""), group)),
    PUT: route({ auth: "user" }, async ({ user, params, req }) => {
      const userId = await resolveTargetUserId(user, params.id ?? "");
      return updateSettings(userId, group, await readJson(req));
    }),
    OPTIONS: preflightResponse,
  };
}
