-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN "requestKey" TEXT;

-- AlterTable
ALTER TABLE "Prompt" ADD COLUMN "requestKey" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_IdempotencyKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "apiTokenId" TEXT,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "statusCode" INTEGER,
    "responseBody" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IdempotencyKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "IdempotencyKey_apiTokenId_fkey" FOREIGN KEY ("apiTokenId") REFERENCES "ApiToken" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Existing keys were claimed when they were created.
INSERT INTO "new_IdempotencyKey" ("apiTokenId", "createdAt", "claimedAt", "id", "key", "method", "path", "requestHash", "responseBody", "scope", "statusCode", "userId") SELECT "apiTokenId", "createdAt", "createdAt", "id", "key", "method", "path", "requestHash", "responseBody", "scope", "statusCode", "userId" FROM "IdempotencyKey";
DROP TABLE "IdempotencyKey";
ALTER TABLE "new_IdempotencyKey" RENAME TO "IdempotencyKey";
CREATE INDEX "IdempotencyKey_createdAt_idx" ON "IdempotencyKey"("createdAt");
CREATE UNIQUE INDEX "IdempotencyKey_scope_key_key" ON "IdempotencyKey"("scope", "key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_userId_requestKey_key" ON "Invoice"("userId", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "Prompt_userId_requestKey_key" ON "Prompt"("userId", "requestKey");

