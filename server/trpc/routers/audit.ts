// The audit log for the dashboard: every admin action, filtered and paged.
import { listAuditEvents, ZAuditQuery } from "../../analytics/audit-log";
import { adminProcedure, router } from "../init";

export const auditRouter = router({
  list: adminProcedure.input(ZAuditQuery).query(({ input }) => listAuditEvents(input)),
});
