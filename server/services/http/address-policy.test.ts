import { isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressRefusal, hostAllowed } from './address-policy';

const strict = { allowLoopback: false };
const loose = { allowLoopback: true };

describe('addressRefusal', () => {
  it.each([
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['224.0.0.251', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1%eth0', 'link-local'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:c0a8:0101::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    // IPv4-translated (::ffff:0:0:0/96) and the mapped form spelled out.
    ['::ffff:0:7f00:1', 'loopback'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['0:0:0:0:0:FFFF:7F00:0001', 'loopback'],
    ['0000:0000:0000:0000:ffff:0000:0a00:0001', 'private'],
    ['[::ffff:a9fe:a9fe]', 'link-local'],
    // Local-use NAT64, whatever it embeds.
    ['64:ff9b:1::a00:1', 'private'],
    ['64:ff9b:1:ffff::808:808', 'private'],
    // Teredo: the client (bits flipped: 10.0.0.1) or the server.
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'private'],
    ['2001:0:7f00:1:8000:63bf:37d2:fef5', 'loopback'],
    ['192.88.99.1', 'reserved'],
    ['168.63.129.16', 'cloud metadata'],
    ['::ffff:168.63.129.16', 'cloud metadata'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(addressRefusal(address, strict)).toBe(reason);
  });

  it.each([
    '200.45.1.10',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '168.63.129.17',
    '2800:810::1',
    '::ffff:200.45.1.10',
    '::ffff:0:c82d:10a',
    '64:ff9b::c82d:10a',
    '2002:c82d:10a::1',
    '2001:0:4136:e378:8000:63bf:37d2:fef5',
  ])('lets the public address %s through', (address) => {
    expect(addressRefusal(address, strict)).toBeNull();
  });

  it('allows loopback, and only loopback, when asked to', () => {
    expect(addressRefusal('127.0.0.1', loose)).toBeNull();
    expect(addressRefusal('::1', loose)).toBeNull();
    expect(addressRefusal('::ffff:127.0.0.1', loose)).toBeNull();
    expect(addressRefusal('10.0.0.1', loose)).toBe('private');
    expect(addressRefusal('169.254.169.254', loose)).toBe('link-local');
  });

  it('does not take a host name for an address', () => {
    expect(addressRefusal('example.gob.ar', strict)).toBe('not an IP address');
  });
});

describe('addressRefusal of IPv6 addresses that carry an IPv4 one', () => {
  const judgedAlike = (embed: (v4: number[]) => number[]) =>
    fc.property(ipv4(), spelling(), (v4, how) => {
      const v6 = spell(embed(v4), how);
      expect(isIPv6(v6.replace(/^\[|\]$/g, ''))).toBe(true);
      for (const opts of [strict, loose])
        expect(addressRefusal(v6, opts)).toBe(addressRefusal(v4.join('.'), opts));
    });
  const hi = (v4: number[]) => ((v4[0] ?? 0) << 8) | (v4[1] ?? 0);
  const lo = (v4: number[]) => ((v4[2] ?? 0) << 8) | (v4[3] ?? 0);

  it('judges mapped ::ffff:a.b.c.d as a.b.c.d, however it is spelled', () => {
    fc.assert(judgedAlike((v4) => [0, 0, 0, 0, 0, 0xffff, hi(v4), lo(v4)]));
  });

  it('judges translated ::ffff:0:a.b.c.d as a.b.c.d, however it is spelled', () => {
    fc.assert(judgedAlike((v4) => [0, 0, 0, 0, 0xffff, 0, hi(v4), lo(v4)]));
  });

  it('judges NAT64 64:ff9b::a.b.c.d and 6to4 2002:AABB:CCDD::/48 by their IPv4 address', () => {
    fc.assert(judgedAlike((v4) => [0x64, 0xff9b, 0, 0, 0, 0, hi(v4), lo(v4)]));
    fc.assert(judgedAlike((v4) => [0x2002, hi(v4), lo(v4), 0x1234, 0, 0, 0xabcd, 1]));
  });

  it('judges a Teredo address by its client (bits flipped) and its server', () => {
    // 65.54.227.120, a public Teredo server; 200.45.1.10 a public client.
    fc.assert(
      judgedAlike((v4) => [0x2001, 0, 0x4136, 0xe378, 0x8000, 0x63bf, hi(v4) ^ 0xffff, lo(v4) ^ 0xffff]),
    );
    fc.assert(judgedAlike((v4) => [0x2001, 0, hi(v4), lo(v4), 0x8000, 0x63bf, 0x37d2, 0xfef5]));
  });

  it('refuses all of local-use NAT64 64:ff9b:1::/48', () => {
    const rest = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(rest, spelling(), (words, how) => {
        expect(addressRefusal(spell([0x64, 0xff9b, 1, ...words], how), loose)).toBe('private');
      }),
    );
  });
});

/** IPv4 addresses, half of them in the ranges the policy names (so every reason comes up). */
function ipv4(): fc.Arbitrary<number[]> {
  const octet = fc.integer({ min: 0, max: 255 });
  const within = (network: number[], prefix: number) =>
    fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }).map((host) => {
      const n =
        (((network[0] ?? 0) << 24) >>> 0) +
        ((network[1] ?? 0) << 16) +
        ((network[2] ?? 0) << 8) +
        (network[3] ?? 0);
      const v = (n + host) >>> 0;
      return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    });
  const ranges: [number[], number][] = [
    [[0, 0, 0, 0], 8],
    [[10, 0, 0, 0], 8],
    [[100, 64, 0, 0], 10],
    [[127, 0, 0, 0], 8],
    [[168, 63, 129, 16], 31],
    [[169, 254, 0, 0], 16],
    [[172, 16, 0, 0], 12],
    [[192, 88, 99, 0], 24],
    [[192, 168, 0, 0], 16],
    [[224, 0, 0, 0], 3],
  ];
  return fc.oneof(
    fc.tuple(octet, octet, octet, octet),
    ...ranges.map(([net, prefix]) => within(net, prefix)),
  );
}

/**
 * The ways to write eight 16-bit words: leading zeros or none, either case, the last two words as
 * dotted decimal or hex, any run of zero words as "::", in brackets or not.
 */
type Spelling = { pads: number[]; upper: boolean; dotted: boolean; compress: number; brackets: boolean };

function spelling(): fc.Arbitrary<Spelling> {
  return fc.record({
    pads: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
    upper: fc.boolean(),
    dotted: fc.boolean(),
    compress: fc.nat(),
    brackets: fc.boolean(),
  });
}

function spell(words: number[], how: Spelling): string {
  const hex = words.map((w, i) => {
    const digits = w.toString(16);
    const text = digits.padStart(Math.min(4, digits.length + (how.pads[i] ?? 0)), '0');
    return how.upper ? text.toUpperCase() : text;
  });
  const [w6 = 0, w7 = 0] = words.slice(6);
  const groups = how.dotted ? [...hex.slice(0, 6), `${w6 >> 8}.${w6 & 255}.${w7 >> 8}.${w7 & 255}`] : hex;
  // Runs of zero words among the hex ones, each [start, end): "::" may stand for any of them.
  const last = how.dotted ? 6 : 8;
  const runs: [number, number][] = [];
  for (let i = 0; i < last; i++) {
    if (words[i] !== 0) continue;
    for (let j = i + 1; j <= last && words[j - 1] === 0; j++) runs.push([i, j]);
  }
  const run = runs[how.compress % (runs.length + 1)];
  const text = run
    ? `${groups.slice(0, run[0]).join(':')}::${groups.slice(run[1]).join(':')}`
    : groups.join(':');
  return how.brackets ? `[${text}]` : text;
}

describe('hostAllowed', () => {
  const list = ['api.cordoba.gob.ar', '*.salud.gob.ar', '127.0.0.1', '[::1]'];

  it('matches exact hosts, case and trailing dot aside', () => {
    expect(hostAllowed('api.cordoba.gob.ar', list)).toBe(true);
    expect(hostAllowed('API.Cordoba.gob.ar.', list)).toBe(true);
    expect(hostAllowed('127.0.0.1', list)).toBe(true);
    expect(hostAllowed('[::1]', list)).toBe(true);
    expect(hostAllowed('otra.cordoba.gob.ar', list)).toBe(false);
  });

  it('matches any subdomain of a wildcard entry, but not the domain itself or a look-alike', () => {
    expect(hostAllowed('turnos.salud.gob.ar', list)).toBe(true);
    expect(hostAllowed('a.b.salud.gob.ar', list)).toBe(true);
    expect(hostAllowed('salud.gob.ar', list)).toBe(false);
    expect(hostAllowed('evilsalud.gob.ar', list)).toBe(false);
    expect(hostAllowed('salud.gob.ar.evil.com', list)).toBe(false);
  });

  it('allows nothing with an empty list', () => {
    expect(hostAllowed('api.cordoba.gob.ar', [])).toBe(false);
  });
});
