import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Verzek Auto Trader", template: "%s · Verzek Auto Trader" },
  description: "Crypto trading signals, USDT plans and an auto-trader guarded by a risk engine.",
};
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page renders per request: Next puts proxy.ts's per-request CSP nonce on its scripts, which a
// page prerendered at build time could not carry.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-950 text-slate-100 antialiased">{children}</body>
    </html>
  );
}
