/**
 * The PostgreSQL commands `invobi backup` / `restore` print: no password, no
 * Prisma-only parameters libpq would reject, shell-safe quoting, and the version rule
 * (the local tool's major must be the server's) with a sentence for each way it fails.
 */
import { describe, expect, it } from "vitest";
import { pgDumpCommand, pgRestoreCommand, serverMajor, shellQuote, toolConnection, toolMajor, versionMismatch } from "./backup-pg.ts";
import { BackupError } from "./backup.ts";

describe("the printed PostgreSQL commands", () => {
  const url = "postgresql://invobi:s3cr%27et@db.example.com:5433/invobi?schema=public&connection_limit=5&sslmode=require";

  it("leave out the password and Prisma's parameters, keep libpq's", () => {
    expect(toolConnection(url)).toEqual({ dbnameUrl: "postgresql://invobi@db.example.com:5433/invobi?sslmode=require", passwordOmitted: true });
    expect(pgDumpCommand(url, "/backups/invobi.dump")).toBe(
      "pg_dump --format=custom --file=/backups/invobi.dump '--dbname=postgresql://invobi@db.example.com:5433/invobi?sslmode=require'",
    );
    expect(pgRestoreCommand(url, "/backups/invobi.dump")).toBe(
      "pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error '--dbname=postgresql://invobi@db.example.com:5433/invobi?sslmode=require' /backups/invobi.dump",
    );
    for (const command of [pgDumpCommand(url, "f"), pgRestoreCommand(url, "f")]) expect(command).not.toMatch(/s3cr|schema=|connection_limit/);
    expect(toolConnection("postgresql://postgres@127.0.0.1:5432/app").passwordOmitted).toBe(false);
  });

  it("quote file names for the shell", () => {
    expect(shellQuote("/tmp/it's here.dump")).toBe(`'/tmp/it'\\''s here.dump'`);
    expect(shellQuote("$(rm -rf ~)")).toBe("'$(rm -rf ~)'");
    expect(pgDumpCommand("postgresql://u@h/d", "/tmp/a b.dump")).toBe("pg_dump --format=custom '--file=/tmp/a b.dump' --dbname=postgresql://u@h/d");
  });
});

describe("the pg_dump / server version rule", () => {
  it("reads majors from `--version` and server_version_num", () => {
    expect(toolMajor("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n")).toBe("15");
    expect(toolMajor("pg_restore (PostgreSQL) 17beta1")).toBe("17");
    expect(toolMajor("pg_dump (PostgreSQL) 9.6.24")).toBe("9.6");
    expect(() => toolMajor("something else")).toThrow(BackupError);
    expect(serverMajor(150020)).toBe("15");
    expect(serverMajor(170000)).toBe("17");
    expect(serverMajor(90624)).toBe("9.6");
  });

  it("accepts only the same major, and says which way it is off", () => {
    expect(versionMismatch("pg_dump", "15", "15")).toBeNull();
    expect(versionMismatch("pg_dump", "15", "16")).toBe(
      "pg_dump here is version 15 but the server runs PostgreSQL 16: pg_dump 15 cannot work with a newer server; install the PostgreSQL 16 client tools.",
    );
    expect(versionMismatch("pg_dump", "17", "16")).toBe(
      "pg_dump here is version 17 but the server runs PostgreSQL 16: use pg_dump 16 (a newer tool's archive may not restore into this server).",
    );
    expect(versionMismatch("pg_restore", "10", "9.6")).toMatch(/^pg_restore here is version 10 but the server runs PostgreSQL 9\.6: use pg_restore 9\.6/);
  });
});
