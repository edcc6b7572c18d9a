/**
 * The Redis the tests may use (TEST_REDIS_URL), probed once per test file: suites
 * skip without it, unless INVOBI_REQUIRE_SUITES includes redis — then a missing
 * Redis is a failure.
 */
import { Redis } from "ioredis";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const requireRedis = (process.env.INVOBI_REQUIRE_SUITES ?? "").split(",").includes("redis");

async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  probe.on("error", () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

export const haveRedis = await redisAvailable();
if (requireRedis && !haveRedis) throw new Error(`INVOBI_REQUIRE_SUITES includes redis but ${REDIS_URL} is not reachable`);
