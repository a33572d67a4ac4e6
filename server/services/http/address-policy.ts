import { BlockList, isIPv4, isIPv6 } from 'node:net';

type Reason =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'CGNAT'
  | 'multicast'
  | 'reserved'
  | 'cloud metadata';

const RANGES: { reason: Reason; v4: string[]; v6: string[] }[] = [
  { reason: 'unspecified', v4: ['0.0.0.0/8'], v6: ['::/128'] },
  { reason: 'loopback', v4: ['127.0.0.0/8'], v6: ['::1/128'] },
  {
    reason: 'private',
    v4: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
    // Unique local (fc00::/7), the deprecated site-local block, and local-use NAT64 (RFC 8215),
    // which translates to whatever IPv4 network the local translator is set up for.
    v6: ['fc00::/7', 'fec0::/10', '64:ff9b:1::/48'],
  },
  { reason: 'link-local', v4: ['169.254.0.0/16'], v6: ['fe80::/10'] },
  { reason: 'CGNAT', v4: ['100.64.0.0/10'], v6: [] },
  { reason: 'multicast', v4: ['224.0.0.0/4'], v6: ['ff00::/8'] },
  {
    reason: 'reserved',
    // IETF assignments, documentation, the 6to4 relay anycast (RFC 7526), benchmarking, class E and
    // broadcast; v6 discard and documentation.
    v4: [
      '192.0.0.0/24',
      '192.0.2.0/24',
      '192.88.99.0/24',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '240.0.0.0/4',
    ],
    v6: ['100::/64', '2001:db8::/32'],
  },
  // Public addresses that answer only from inside a cloud: Azure's wireserver (its link-local
  // metadata service, 169.254.169.254, is refused as link-local).
  { reason: 'cloud metadata', v4: ['168.63.129.16/32'], v6: [] },
];

const LISTS = RANGES.map(({ reason, v4, v6 }) => {
  const list = new BlockList();
  for (const cidr of v4) addSubnet(list, cidr, 'ipv4');
  for (const cidr of v6) addSubnet(list, cidr, 'ipv6');
  return { reason, list };
});

/**
 * Why an HTTP request node must not reach this address (server-side request forgery: the worker's
 * network, cloud metadata at 169.254.169.254, the database), or null when it is a public address.
 * IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, translated ::ffff:0:a.b.c.d,
 * NAT64, 6to4, Teredo, compatible), in any spelling, are judged by that IPv4 address.
 * Loopback passes only when `allowLoopback` (tests).
 */
export function addressRefusal(address: string, opts: { allowLoopback: boolean }): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  let family: 'ipv4' | 'ipv6';
  if (isIPv4(bare)) family = 'ipv4';
  else if (isIPv6(bare)) family = 'ipv6';
  else return 'not an IP address';
  if (family === 'ipv6') {
    const embedded = embeddedIPv4(bare);
    if (embedded.length > 0) {
      for (const v4 of embedded) {
        const why = addressRefusal(v4, opts);
        if (why) return why;
      }
      return null;
    }
  }
  for (const { reason, list } of LISTS) {
    if (reason === 'loopback' && opts.allowLoopback) continue;
    if (list.check(bare, family)) return reason;
  }
  return null;
}

/** Whether a host name is on the organismo's allow-list: exact, or a "*.example.gob.ar" entry for its subdomains. */
export function hostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  const name = normalizeHost(host);
  return allowedHosts.some((raw) => {
    const entry = normalizeHost(raw);
    if (entry.startsWith('*.')) return name.endsWith(entry.slice(1)) && name.length > entry.length - 1;
    return entry !== '' && entry === name;
  });
}

/** Lowercase, without IPv6 brackets or a trailing dot ("Example.gob.ar." is example.gob.ar). */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

function addSubnet(list: BlockList, cidr: string, family: 'ipv4' | 'ipv6'): void {
  const [network = '', prefix = ''] = cidr.split('/');
  list.addSubnet(network, Number(prefix), family);
}

/** The IPv4 addresses inside an IPv6 one, for the prefixes that embed them; else none. */
function embeddedIPv4(address: string): string[] {
  const words = ipv6Words(address);
  if (!words) return [];
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = words;
  // ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated, RFC 2765) and ::a.b.c.d (compatible;
  // :: and ::1 are judged as IPv6).
  if (zeros(0, 5) && w5 === 0xffff) return [v4(w6, w7)];
  if (zeros(0, 4) && w4 === 0xffff && w5 === 0) return [v4(w6, w7)];
  if (zeros(0, 6) && (w6 !== 0 || w7 > 1)) return [v4(w6, w7)];
  // NAT64 well-known prefix 64:ff9b::/96.
  if (w0 === 0x64 && w1 === 0xff9b && zeros(2, 6)) return [v4(w6, w7)];
  // 6to4: 2002:AABB:CCDD::/48.
  if (w0 === 0x2002) return [v4(w1, w2)];
  // Teredo 2001:0:<server>:<flags>:<port>:<client>, the client's address with every bit flipped;
  // a packet goes through both.
  if (w0 === 0x2001 && w1 === 0) return [v4(w2, w3), v4(w6 ^ 0xffff, w7 ^ 0xffff)];
  return [];
}

/** The eight 16-bit words of an IPv6 address (which may end in a dotted IPv4 part). */
function ipv6Words(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail, ...rest] = text.split('::');
  if (rest.length > 0) return null;
  const parse = (part: string) => (part ? part.split(':').map((h) => Number.parseInt(h, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const words = [...left, ...new Array<number>(missing).fill(0), ...right];
  return words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}
