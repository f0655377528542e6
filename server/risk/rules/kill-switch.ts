// Global kill switch (admin toggle or the circuit breaker): while on, nothing opens.
import { ALLOW, block, type TRiskRule } from "./types";

export const killSwitchRule: TRiskRule = {
  kind: "kill_switch",
  check: ({ killSwitch }) => (killSwitch.on ? block(`trading is halted (kill switch on${killSwitch.reason ? `: ${killSwitch.reason}` : ""})`) : ALLOW),
};
