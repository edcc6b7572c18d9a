-- AlterTable
ALTER TABLE "IdempotencyKey" ADD COLUMN     "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
-- Existing keys were claimed when they were created.
UPDATE "IdempotencyKey" SET "claimedAt" = "createdAt";

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "requestKey" TEXT;

-- AlterTable
ALTER TABLE "Prompt" ADD COLUMN     "requestKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_userId_requestKey_key" ON "Invoice"("userId", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "Prompt_userId_requestKey_key" ON "Prompt"("userId", "requestKey");

