import type { TJob } from "../define-job";
import { deliverNotifications } from "./deliver-notifications";
import { heartbeat } from "./heartbeat";

/** Every background job; served at /api/inngest and run by server/jobs in-process mode. */
export const jobs: TJob[] = [heartbeat, deliverNotifications];
