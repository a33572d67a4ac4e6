import { describe, expect, it } from 'vitest';
import { addressRefusal, hostAllowed } from './address-policy';

const strict = { allowLoopback: false };

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
  ])('refuses %s (%s)', (address, reason) => {
    expect(addressRefusal(address, strict)).toBe(reason);
  });

  it.each(['200.45.1.10', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2800:810::1', '::ffff:200.45.1.10'])(
    'lets the public address %s through',
    (address) => {
      expect(addressRefusal(address, strict)).toBeNull();
    },
  );

  it('allows loopback, and only loopback, when asked to', () => {
    const loose = { allowLoopback: true };
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
