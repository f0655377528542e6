// Where a user stands with the VIP group (the user page renders this decision, it does not make it).
import { describe, expect, it } from "vitest";
import { vipStateOf } from "./user-membership";

const base = { configured: true, linked: true, entitled: false, status: null as string | null };

describe("vipStateOf", () => {
  it("says first what is missing: the group's configuration, then the Telegram link", () => {
    expect(vipStateOf({ ...base, configured: false, status: "member" })).toBe("not_configured");
    expect(vipStateOf({ ...base, linked: false, entitled: true })).toBe("not_linked");
  });

  it("a paying member is in the group, or entitled but not there (left, banned, never seen)", () => {
    for (const status of ["member", "restricted", "administrator", "creator"]) expect(vipStateOf({ ...base, entitled: true, status })).toBe("in_group");
    for (const status of ["left", "kicked", null]) expect(vipStateOf({ ...base, entitled: true, status })).toBe("entitled_not_in_group");
  });

  it("without a paid plan: a member or restricted member is unauthorized (the removal's rule); an owner or admin cannot be removed", () => {
    expect(vipStateOf({ ...base, status: "member" })).toBe("unauthorized");
    expect(vipStateOf({ ...base, status: "restricted" })).toBe("unauthorized");
    expect(vipStateOf({ ...base, status: "administrator" })).toBe("group_admin_without_plan");
    expect(vipStateOf({ ...base, status: "creator" })).toBe("group_admin_without_plan");
    for (const status of ["left", "kicked", null, "something new"]) expect(vipStateOf({ ...base, status })).toBe("not_in_group");
  });
});
