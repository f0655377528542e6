-- CreateEnum
CREATE TYPE "InvoiceStatus" AS ENUM ('OPEN', 'PAID', 'EXPIRED');

-- CreateEnum
CREATE TYPE "TransferStatus" AS ENUM ('MATCHED', 'REVIEW', 'UNMATCHED', 'ASSIGNED');

-- CreateTable
CREATE TABLE "payment_invoices" (
    "id" UUID NOT NULL,
    "user_id" INTEGER NOT NULL,
    "plan" "Plan" NOT NULL,
    "price" DECIMAL(20,6) NOT NULL,
    "amount" DECIMAL(20,6) NOT NULL,
    "fraction" INTEGER NOT NULL,
    "reserved" BOOLEAN NOT NULL DEFAULT true,
    "status" "InvoiceStatus" NOT NULL DEFAULT 'OPEN',
    "reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "grace_until" TIMESTAMP(3) NOT NULL,
    "paid_tx_id" TEXT,
    "payment_id" UUID,
    "paid_amount" DECIMAL(20,6),
    "paid_at" TIMESTAMP(3),

    CONSTRAINT "payment_invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incoming_transfers" (
    "tx_id" TEXT NOT NULL,
    "from_address" TEXT NOT NULL,
    "amount" DECIMAL(20,6) NOT NULL,
    "block_time" TIMESTAMP(3) NOT NULL,
    "status" "TransferStatus" NOT NULL,
    "reason" TEXT,
    "invoice_id" UUID,
    "assigned_by_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "incoming_transfers_pkey" PRIMARY KEY ("tx_id")
);

-- CreateTable
CREATE TABLE "chain_cursors" (
    "id" TEXT NOT NULL,
    "timestamp_ms" BIGINT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "chain_cursors_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "payment_invoices_paid_tx_id_key" ON "payment_invoices"("paid_tx_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_invoices_payment_id_key" ON "payment_invoices"("payment_id");

-- CreateIndex
CREATE INDEX "payment_invoices_user_id_plan_status_idx" ON "payment_invoices"("user_id", "plan", "status");

-- CreateIndex
CREATE INDEX "payment_invoices_fraction_created_at_idx" ON "payment_invoices"("fraction", "created_at");

-- CreateIndex
CREATE INDEX "payment_invoices_reserved_created_at_idx" ON "payment_invoices"("reserved", "created_at");

-- CreateIndex
CREATE INDEX "incoming_transfers_status_block_time_idx" ON "incoming_transfers"("status", "block_time");

-- CreateIndex
CREATE INDEX "incoming_transfers_invoice_id_idx" ON "incoming_transfers"("invoice_id");

-- AddForeignKey
ALTER TABLE "payment_invoices" ADD CONSTRAINT "payment_invoices_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_invoices" ADD CONSTRAINT "payment_invoices_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incoming_transfers" ADD CONSTRAINT "incoming_transfers_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "payment_invoices"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- While reserved (open, then through its grace period) an invoice's fraction is its own: the
-- amount on chain names exactly one invoice. Prisma cannot declare a partial index.
CREATE UNIQUE INDEX "payment_invoices_reserved_fraction_key" ON "payment_invoices"("fraction") WHERE "reserved";
