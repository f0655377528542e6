-- AlterTable
ALTER TABLE "safety_state" ADD COLUMN     "breaker_armed" BOOLEAN NOT NULL DEFAULT true;

