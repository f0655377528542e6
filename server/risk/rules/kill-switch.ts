// Global kill switch (admin toggle or the circuit breaker): while on, nothing opens.
import { ALLOW, block, type TRiskRule } from "./types";

/** Why nothing may open now, or null. */
export const haltReason = (killSwitch: { on: boolean; reason: string | null }): string | null =>
  killSwitch.on ? `trading is halted (kill switch on${killSwitch.reason ? `: ${killSwitch.reason}` : ""})` : null;

export const killSwitchRule: TRiskRule = {
  kind: "kill_switch",
  check: ({ killSwitch }) => {
    const halted = haltReason(killSwitch);
    return halted ? block(halted) : ALLOW;
  },
};
