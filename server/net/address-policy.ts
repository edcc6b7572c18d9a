/**
 * Which IP addresses the server may connect to when a URL came from a user (SSRF).
 *
 * An allowlist, not a blocklist: only public unicast addresses pass — IPv4 that
 * ipaddr.js calls "unicast", IPv6 inside global unicast 2000::/3 that is not one of
 * its special ranges. Everything else is refused; a few "private" kinds (what a
 * self-hoster's Ollama or vLLM box lives on) may be allowed by the caller
 * (ALLOW_PRIVATE_LLM_URLS), the rest never: unspecified (0.0.0.0, ::), link-local
 * (169.254/16 — cloud metadata — and fe80::/10), multicast, broadcast, reserved and
 * documentation ranges, NAT64 (64:ff9b::/96) and the other IPv6 ranges that embed or
 * tunnel to IPv4 (6to4, Teredo, IPv4-compatible ::a.b.c.d), whose real target
 * cannot be judged here.
 *
 * IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it is: the kernel
 * connects to that IPv4 address.
 */
import ipaddr from "ipaddr.js";

export type AddressVerdict =
  /** A public unicast address: always allowed. */
  | { allowed: "always"; address: string }
  /** Loopback, RFC 1918, carrier-grade NAT, unique-local: allowed only with allowPrivate. */
  | { allowed: "if-private-allowed"; address: string; range: string }
  /** Never allowed. */
  | { allowed: "never"; address: string; range: string };

/** ipaddr.js range names → words for error messages (read as "a … address"). */
const PRIVATE_RANGES: Record<string, string> = {
  loopback: "loopback",
  private: "private",
  carrierGradeNat: "carrier-grade NAT",
  uniqueLocal: "unique-local",
};

const NEVER_RANGES: Record<string, string> = {
  unspecified: "unspecified",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "link-local",
  reserved: "reserved",
  as112: "reserved",
  amt: "reserved",
  deprecatedSiteLocal: "site-local",
  discard: "reserved",
  rfc6145: "IPv4-translated",
  rfc6052: "NAT64",
  "6to4": "6to4",
  teredo: "Teredo",
  benchmarking: "reserved",
  as112v6: "reserved",
  deprecatedOrchid: "reserved",
  orchid2: "reserved",
  droneRemoteIdProtocolEntityTags: "reserved",
};

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

/** Judges one IP address (a literal, e.g. from DNS). Throws on something that is not an IP address. */
export function classifyAddress(literal: string): AddressVerdict {
  const bare = literal.startsWith("[") && literal.endsWith("]") ? literal.slice(1, -1) : literal;
  let ip = ipaddr.parse(bare);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const address = ip.toString();
  const range = ip.range();
  if (PRIVATE_RANGES[range]) return { allowed: "if-private-allowed", address, range: PRIVATE_RANGES[range] };
  if (NEVER_RANGES[range]) return { allowed: "never", address, range: NEVER_RANGES[range] };
  if (range !== "unicast") return { allowed: "never", address, range: "special-purpose" };
  if (ip.kind() === "ipv6" && !ip.match(GLOBAL_UNICAST_V6)) {
    // ::a.b.c.d (IPv4-compatible, deprecated) and the unassigned rest of ::/3.
    const compatible = (ip as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0);
    return { allowed: "never", address, range: compatible ? "IPv4-compatible" : "reserved" };
  }
  return { allowed: "always", address };
}

