// The Host check (DNS rebinding): numeric loopback, localhost and the host's own names only.
import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostHeaderAllowed, isLoopbackBind, isNumericLoopback, machineNames, parseHostHeader, type HostNames } from '../../src-main/host/host-names';

const host: HostNames = { port: 8787, defaultPort: 80, names: new Set(['clipdesk-abcdefgh.localhost', 'studio', 'fd00::5']) };

describe('the Host check', () => {
  it.each([
    '127.0.0.1:8787',
    '127.0.0.2:8787',
    '127.255.255.254:8787',
    '127.1.2.3:8787',
    'localhost:8787',
    'LOCALHOST:8787',
    '[::1]:8787',
    '[0:0:0:0:0:0:0:1]:8787',
    '[::0:1]:8787',
    'clipdesk-abcdefgh.localhost:8787',
    'Clipdesk-ABCDEFGH.localhost:8787',
    'studio:8787',
    '[fd00::5]:8787',
  ])('accepts %s', (header) => {
    expect(hostHeaderAllowed(host, header)).toBe(true);
  });

  it.each([
    ['127.attacker.example:8787', 'a DNS name that starts like loopback (rebinding)'],
    ['127.0.0.1.attacker.example:8787', 'loopback as a label of a foreign name'],
    ['127.0.0.1.nip.io:8787', 'a wildcard DNS service'],
    ['localhost.attacker.example:8787', 'localhost as a label'],
    ['attacker.localhost.example:8787', 'localhost inside a foreign name'],
    ['other.localhost:8787', 'another *.localhost name'],
    ['localhost.:8787', 'a trailing dot'],
    ['127.1:8787', 'a short form of an address'],
    ['127.0.0.01:8787', 'a leading zero (octal to some resolvers)'],
    ['0x7f.0.0.1:8787', 'hexadecimal'],
    ['2130706433:8787', 'a decimal integer'],
    ['127.0.0.256:8787', 'an octet out of range'],
    ['128.0.0.1:8787', 'outside 127/8'],
    ['0.0.0.0:8787', 'the wildcard address'],
    ['[::ffff:127.0.0.1]:8787', 'IPv4-mapped loopback'],
    ['[::2]:8787', 'another IPv6 address'],
    ['::1:8787', 'IPv6 without brackets'],
    ['127.0.0.1:8788', 'another port'],
    ['127.0.0.1', 'no port (80 is not ours)'],
    ['localhost:0', 'port 0'],
    ['localhost:99999', 'a port out of range'],
    ['localhost:8787:8787', 'two ports'],
    ['user@localhost:8787', 'userinfo'],
    ['localhost:8787/x', 'a path'],
    ['local host:8787', 'a space'],
    ['studio.evil:8787', 'an allowed name as a label'],
    ['', 'empty'],
    ['%31%32%37.0.0.1:8787', 'percent-encoding'],
  ])('refuses %s (%s)', (header) => {
    expect(hostHeaderAllowed(host, header)).toBe(false);
  });

  it('refuses a missing Host header', () => {
    expect(hostHeaderAllowed(host, undefined)).toBe(false);
  });

  it('takes the default port for a Host without one', () => {
    expect(hostHeaderAllowed({ port: 443, defaultPort: 443, names: new Set() }, 'localhost')).toBe(true);
    expect(hostHeaderAllowed({ port: 443, defaultPort: 443, names: new Set() }, 'localhost:443')).toBe(true);
  });
});

describe('numeric loopback', () => {
  it('knows loopback written as an address, and only that', () => {
    for (const a of ['127.0.0.1', '127.9.8.7', '::1', '[::1]', '0:0:0:0:0:0:0:1']) expect(isNumericLoopback(a), a).toBe(true);
    for (const a of ['127.attacker.example', 'localhost', '127.0.0', '127.0.0.1.', '::', '::2', '1.2.3.4', '127.0.0.1x']) expect(isNumericLoopback(a), a).toBe(false);
  });

  it('a bind address on loopback keeps the host on the machine', () => {
    for (const a of ['127.0.0.1', 'localhost', '::1', '127.0.0.5']) expect(isLoopbackBind(a), a).toBe(true);
    for (const a of ['0.0.0.0', '::', '192.168.1.5', '127.attacker.example']) expect(isLoopbackBind(a), a).toBe(false);
  });

  it('parses a Host header into name and port', () => {
    expect(parseHostHeader('Studio:8080')).toEqual({ name: 'studio', port: 8080 });
    expect(parseHostHeader('[FD00::5]')).toEqual({ name: 'fd00::5', port: null });
    expect(parseHostHeader('[nothex]:1')).toBeNull();
  });
});

describe('the names an exposed host answers to by default', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [
      { address: '192.168.1.5', family: 'IPv4', internal: false },
      { address: 'fe80::1', family: 'IPv6', internal: false },
      { address: 'FD00::5', family: 'IPv6', internal: false },
    ],
  } as unknown as ReturnType<typeof os.networkInterfaces>;

  it('bound to every interface: the machine name, its .local name and its addresses', () => {
    expect(machineNames('0.0.0.0', 'Studio', interfaces)).toEqual(['studio', 'studio.local', '192.168.1.5', 'fd00::5']);
  });

  it('bound to one address: the machine name and that address', () => {
    expect(machineNames('192.168.1.5', 'studio.example.org', interfaces)).toEqual(['studio.example.org', '192.168.1.5']);
  });
});
