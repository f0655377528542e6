// Payment verification sits behind this interface so that a card or app-store provider can be
// added later; USDT on TRON (TRC-20) is the only provider now (SPEC §4).

/** What a provider concluded about one submitted payment. */
export type TVerification =
  /** Final and sufficient: the plan may be activated. `paidAmount` is a USDT decimal string. */
  | { status: "confirmed"; paidAmount: string; paidAt: Date; details: Record<string, unknown> }
  /** Not decided yet (not found yet, too few confirmations, provider unreachable): check again later. */
  | { status: "pending"; reason: string }
  /** Final and insufficient: wrong token, wrong recipient, underpaid by X, reverted, too old. */
  | { status: "rejected"; reason: string; details?: Record<string, unknown> };

export type TPaymentToVerify = {
  txHash: string;
  /** The plan price in USDT, a decimal string like "49" or "49.5". */
  expectedAmount: string;
  /** When the user submitted the hash: transfers older than the payment window before it are refused. */
  submittedAt: Date;
};

export interface TPaymentProvider {
  readonly id: "TRC20";
  verify(payment: TPaymentToVerify): Promise<TVerification>;
}
