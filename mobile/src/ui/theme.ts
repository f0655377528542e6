// Colours and spacing (the same palette as the icon: scripts/make-assets.mjs).
export const colors = {
  background: "#0B1220",
  surface: "#131C2E",
  surfaceRaised: "#1B2740",
  border: "#26344F",
  text: "#E6EDF7",
  muted: "#8FA0BA",
  primary: "#22C55E",
  primaryText: "#04130A",
  accent: "#FACC15",
  danger: "#F87171",
  long: "#22C55E",
  short: "#F87171",
} as const;

export const space = { xs: 4, sm: 8, md: 12, lg: 16, xl: 24 } as const;
export const radius = { sm: 6, md: 10, lg: 14 } as const;
