-- CreateEnum
CREATE TYPE "ConfidenceLevel" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- AlterTable
ALTER TABLE "signals" ADD COLUMN     "confidence_label" "ConfidenceLevel";

