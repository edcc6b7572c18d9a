-- CreateTable
CREATE TABLE "InvoiceCounter" (
    "userId" TEXT NOT NULL,
    "invoices" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InvoiceCounter_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "InvoiceCounter" ADD CONSTRAINT "InvoiceCounter_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand (Prisma does not model triggers): the database keeps the counter exact,
-- in the same transaction as every insert, delete or move of an invoice. Concurrent
-- inserts for one account queue on its counter row (createInvoice already queues on
-- the account's number sequence).
INSERT INTO "InvoiceCounter" ("userId", "invoices") SELECT "userId", COUNT(*) FROM "Invoice" GROUP BY "userId";

CREATE FUNCTION "invoice_counter"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD."userId" IS DISTINCT FROM NEW."userId") THEN
        UPDATE "InvoiceCounter" SET "invoices" = "invoices" - 1 WHERE "userId" = OLD."userId";
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND OLD."userId" IS DISTINCT FROM NEW."userId") THEN
        INSERT INTO "InvoiceCounter" ("userId", "invoices") VALUES (NEW."userId", 1)
            ON CONFLICT ("userId") DO UPDATE SET "invoices" = "InvoiceCounter"."invoices" + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "Invoice_counter" AFTER INSERT OR DELETE OR UPDATE OF "userId" ON "Invoice"
    FOR EACH ROW EXECUTE FUNCTION "invoice_counter"();
