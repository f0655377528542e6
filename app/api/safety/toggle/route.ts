import { preflightResponse } from "@/server/http/cors";
import { route } from "@/server/http/route";
import { ZKillSwitchToggle } from "@/server/risk/schemas";
import { setKillSwitch } from "@/server/risk/safety";

// Admin: {kill_switch: true|false, reason?} — a change is audited and announced to the admin and VIP chats.
export const POST = route({ auth: "admin", body: ZKillSwitchToggle }, async ({ user, body }) => setKillSwitch(user, body.kill_switch, body.reason ?? null));
export const OPTIONS = preflightResponse;
