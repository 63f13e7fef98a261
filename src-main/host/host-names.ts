// The names a Host header may give for this host: the defence against DNS rebinding. A page on
// attacker.example can make its own name resolve to 127.0.0.1, and then its requests reach us
// as same-origin to *it*; the Host header still says attacker.example, so only names that no
// one else can point at us are accepted: loopback written as a number, `localhost` (which
// browsers resolve themselves, never through DNS), and the names this host itself serves
// (its per-instance *.localhost name and, when exposed, its allowlist).
import net from 'node:net';
import os from 'node:os';

export interface HostNames {
  /** The port the host listens on: a Host header naming another port is for someone else. */
  readonly port: number;
  /** The port a Host header without one means (80 for HTTP, 443 for HTTPS). */
  readonly defaultPort: number;
  /** Lower-case names besides numeric loopback and localhost (the instance name, --allowed-host). */
  readonly names: ReadonlySet<string>;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * 127.0.0.0/8 in dotted-decimal form, or ::1. Only the canonical spelling: `127.1`, `0x7f.0.0.1`
 * or `127.000.0.1` are other ways of writing an address that some resolvers read differently,
 * and a browser always sends the canonical form.
 */
export function isNumericLoopback(name: string): boolean {
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  const v4 = IPV4.exec(bare);
  if (v4) {
    const parts = v4.slice(1).map((p) => (p.length > 1 && p.startsWith('0') ? NaN : Number(p)));
    return parts[0] === 127 && parts.every((n) => Number.isInteger(n) && n <= 255);
  }
  if (!net.isIPv6(bare)) return false;
  // Any spelling of ::1 (0:0:0:0:0:0:0:1, ::0:1); the URL parser writes IPv6 canonically.
  try {
    return new URL(`http://[${bare}]/`).hostname === '[::1]';
  } catch {
    return false;
  }
}

/** Whether a bind address keeps the host on this machine. */
export function isLoopbackBind(address: string): boolean {
  return address.toLowerCase() === 'localhost' || isNumericLoopback(address);
}

/** A Host header split into its name (lower case, IPv6 without brackets) and port; null if malformed. */
export function parseHostHeader(header: string): { name: string; port: number | null } | null {
  const m = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?))(?::(\d{1,5}))?$/i.exec(header);
  if (!m) return null;
  const port = m[3] === undefined ? null : Number(m[3]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  const name = (m[1] ?? m[2] ?? '').toLowerCase();
  if (m[1] !== undefined && !net.isIPv6(name)) return null;
  return { name, port };
}

/** The one Host check, for HTTP requests and socket upgrades alike. */
export function hostHeaderAllowed(names: HostNames, header: string | undefined): boolean {
  if (!header) return false;
  const parsed = parseHostHeader(header);
  if (!parsed) return false;
  if ((parsed.port ?? names.defaultPort) !== names.port) return false;
  return parsed.name === 'localhost' || isNumericLoopback(parsed.name) || names.names.has(parsed.name);
}

/**
 * The names a host exposed beyond loopback answers to unless told more (--allowed-host): the
 * machine's name (and its .local mDNS name), and, when bound to every interface, the machine's
 * own addresses. A name not listed is refused (421), which is what stops DNS rebinding there.
 */
export function machineNames(bindHost: string, hostname = os.hostname(), interfaces = os.networkInterfaces()): string[] {
  const name = hostname.toLowerCase();
  const out = new Set<string>([name]);
  if (!name.includes('.')) out.add(`${name}.local`);
  if (bindHost === '0.0.0.0' || bindHost === '::') {
    for (const list of Object.values(interfaces)) {
      for (const a of list ?? []) {
        // Link-local IPv6 needs a zone id that a Host header cannot carry usefully.
        if (!a.internal && !(a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80:'))) out.add(a.address.toLowerCase());
      }
    }
  } else if (!isLoopbackBind(bindHost)) {
    out.add(bindHost.replace(/^\[|\]$/g, '').toLowerCase());
  }
  return [...out];
}
