-- CreateTable
CREATE TABLE "InvoiceCounter" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "invoices" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "InvoiceCounter_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Written by hand (Prisma does not model triggers): the database keeps the counter exact,
-- in the same transaction as every insert, delete or move of an invoice.
INSERT INTO "InvoiceCounter" ("userId", "invoices") SELECT "userId", COUNT(*) FROM "Invoice" GROUP BY "userId";

CREATE TRIGGER "Invoice_counter_insert" AFTER INSERT ON "Invoice" BEGIN
    INSERT INTO "InvoiceCounter" ("userId", "invoices") VALUES (NEW."userId", 1)
        ON CONFLICT ("userId") DO UPDATE SET "invoices" = "InvoiceCounter"."invoices" + 1;
END;

CREATE TRIGGER "Invoice_counter_delete" AFTER DELETE ON "Invoice" BEGIN
    UPDATE "InvoiceCounter" SET "invoices" = "invoices" - 1 WHERE "userId" = OLD."userId";
END;

CREATE TRIGGER "Invoice_counter_move" AFTER UPDATE OF "userId" ON "Invoice" WHEN OLD."userId" <> NEW."userId" BEGIN
    UPDATE "InvoiceCounter" SET "invoices" = "invoices" - 1 WHERE "userId" = OLD."userId";
    INSERT INTO "InvoiceCounter" ("userId", "invoices") VALUES (NEW."userId", 1)
        ON CONFLICT ("userId") DO UPDATE SET "invoices" = "InvoiceCounter"."invoices" + 1;
END;
