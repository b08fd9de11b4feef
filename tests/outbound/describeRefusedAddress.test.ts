import { describe, expect, it } from 'vitest';
import { describeRefusedAddress } from '../../src/outbound/describeRefusedAddress';

describe('which addresses the engine may connect to for an organization’s URL', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['10.0.0.5', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.254', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'a link-local address (where cloud metadata services answer)'],
    ['100.64.0.1', 'a carrier-grade NAT (shared) address'],
    ['0.0.0.0', 'the unspecified address'],
    ['255.255.255.255', 'the broadcast address'],
    ['224.0.0.1', 'a multicast address'],
    ['::1', 'a loopback address'],
    ['::', 'the unspecified address'],
    ['fc00::1', 'a unique-local (private) IPv6 address'],
    ['fd12:3456::7', 'a unique-local (private) IPv6 address'],
    ['fe80::1', 'a link-local address (where cloud metadata services answer)'],
    ['fd00:ec2::254', 'a unique-local (private) IPv6 address'],
    // IPv4-mapped IPv6 is judged as the IPv4 address it carries.
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['::ffff:a9fe:a9fe', 'a link-local address (where cloud metadata services answer)'],
    ['::ffff:10.1.2.3', 'a private address'],
    // NAT64 and 6to4 embed an IPv4 address that could be internal: not plain public addresses.
    ['64:ff9b::a00:5', 'an address of the rfc6052 range, not a public one'],
    ['2002:7f00:1::', 'an address of the 6to4 range, not a public one'],
    ['not-an-address', 'not an IP address'],
  ])('refuses %s: %s', (address, why) => {
    expect(describeRefusedAddress(address, [])).toBe(why);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.215.14'])('lets a public address through: %s', (address) => {
    expect(describeRefusedAddress(address, [])).toBeUndefined();
  });

  it('lets through the networks an operator allows, and only those', () => {
    const allowed = ['10.20.0.0/16', '::1/128'];
    expect(describeRefusedAddress('10.20.3.4', allowed)).toBeUndefined();
    expect(describeRefusedAddress('::ffff:10.20.3.4', allowed)).toBeUndefined();
    expect(describeRefusedAddress('::1', allowed)).toBeUndefined();
    expect(describeRefusedAddress('10.21.0.1', allowed)).toBe('a private address');
    expect(describeRefusedAddress('169.254.169.254', allowed)).toBe('a link-local address (where cloud metadata services answer)');
  });
});
