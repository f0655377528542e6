// The mobile end-to-end run's ports, from E2E_MOBILE_PORT (default 3230, clear of the platform e2e's
// 3210 + 8 and + 9): the platform, the static server of the app's web export, and the fixed ports
// forwarded to the fake Binance and TronGrid the spec starts. The export has the platform's URL
// built in, so the platform must be where it was when the export was built.
const base = Number(process.env.E2E_MOBILE_PORT ?? 3230);

export const MOBILE_E2E = {
  platformPort: base,
  webPort: base + 1,
  binancePort: base + 2,
  tronPort: base + 3,
  platformUrl: `http://127.0.0.1:${base}`,
  webUrl: `http://127.0.0.1:${base + 1}`,
};
