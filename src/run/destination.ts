/**
 * Where a URL a target hands out may be requested, by address. A pre-authenticated URL (an upload session's
 * `uploadUrl`, a download URL) may be on any public host, but a harness that runs in CI must not be a relay into the
 * network it runs in: the cloud metadata service (169.254.169.254), the machine itself, the private ranges. Those are
 * reached only where the target itself is (a test stub on loopback hands out loopback URLs). Names are checked at
 * connect time, on the addresses they resolve to, so a name that resolves to a refused address is never connected to.
 */
import { lookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export type AddressKind = 'public' | 'loopback' | 'link-local' | 'private' | 'reserved';

const RANGES: readonly (readonly [Exclude<AddressKind, 'public'>, string, number, 'ipv4' | 'ipv6'])[] = [
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['loopback', '0.0.0.0', 8, 'ipv4'], // "this network": Linux connects 0.0.0.0 to the machine itself
  ['loopback', '::1', 128, 'ipv6'],
  ['loopback', '::', 128, 'ipv6'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['private', 'fc00::', 7, 'ipv6'],
  ['reserved', '224.0.0.0', 3, 'ipv4'], // multicast, reserved and broadcast
  ['reserved', 'ff00::', 8, 'ipv6'],
];

const LISTS = new Map<Exclude<AddressKind, 'public'>, BlockList>();
for (const [kind, network, prefix, family] of RANGES) {
  const list = LISTS.get(kind) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  LISTS.set(kind, list);
}

const DESCRIBED: Readonly<Record<AddressKind, string>> = {
  public: 'a public address',
  loopback: 'a loopback address (this machine)',
  'link-local': 'a link-local address (169.254.0.0/16, fe80::/10: where cloud metadata services answer)',
  private: 'a private address (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7)',
  reserved: 'a multicast or reserved address',
};

/** The kind of an IP address (IPv4-mapped IPv6 addresses count as the IPv4 address they map). */
export function addressKind(address: string): AddressKind {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare) === 6 ? 'ipv6' : 'ipv4';
  for (const [kind, list] of LISTS) if (list.check(bare, family)) return kind;
  return 'public';
}

/** The host of a URL as an IP address, when it is one (`[::1]` → `::1`). */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) === 0 ? undefined : bare;
}

/**
 * Why a handed-out URL's address may not be requested, or undefined when it may: public addresses always, the others
 * only where the target itself is (`targetKinds`, the kinds of the target's own addresses).
 */
export function refusedAddress(address: string, targetKinds: ReadonlySet<AddressKind>): string | undefined {
  const kind = addressKind(address);
  if (kind === 'public' || (kind !== 'reserved' && targetKinds.has(kind))) return undefined;
  return `${address} is ${DESCRIBED[kind]}, and the target is not there`;
}

/** The kinds of the addresses a host resolves to (an IP literal is its own); none when it does not resolve. */
export async function hostKinds(hostname: string): Promise<Set<AddressKind>> {
  const literal = ipLiteral(hostname);
  if (literal !== undefined) return new Set([addressKind(literal)]);
  const addresses = await new Promise<LookupAddress[]>((resolve) => {
    lookup(hostname, { all: true }, (error, found) => {
      resolve(error ? [] : found);
    });
  });
  return new Set(addresses.map((a) => addressKind(a.address)));
}

/** A refused destination: nothing was sent, and the reason is a finding about the target. */
export class RefusedDestination extends Error {
  override readonly name = 'RefusedDestination';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect` that connects only to addresses `refused` lets through: every address a name resolves
 * to is checked, and one refused address refuses the name.
 */
export function guardedLookup(refused: (address: string) => string | undefined) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      const reason = addresses.map((a) => refused(a.address)).find((r) => r !== undefined);
      if (reason !== undefined) {
        callback(new RefusedDestination(`${hostname} resolves to ${reason}: not requested`), []);
        return;
      }
      const first = addresses[0];
      if (options.all === true) callback(null, addresses);
      else if (first === undefined)
        callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), []);
      else callback(null, first.address, first.family);
    });
  };
}
