import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Fastify from 'fastify';
import { poolSizeFromEnv } from '../../src/cli/commands/serve.js';
import { parseTrustProxy } from '../../src/http/trust-proxy.js';

/** TRUST_PROXY decides the address requests are counted under (sign-in limits, follow requests, comments). */
describe('TRUST_PROXY', () => {
  const ipBehind = async (setting: string | undefined, forwardedFor: string, from = '127.0.0.1') => {
    const app = Fastify({ trustProxy: parseTrustProxy(setting) });
    app.get('/', async (req) => ({ ip: req.ip, protocol: req.protocol }));
    const res = await app.inject({
      url: '/',
      remoteAddress: from,
      headers: { 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'https' },
    });
    await app.close();
    return res.json() as { ip: string; protocol: string };
  };

  test('unset: the connecting address, whatever the headers say', async () => {
    assert.deepEqual(await ipBehind(undefined, '203.0.113.9'), { ip: '127.0.0.1', protocol: 'http' });
    assert.deepEqual(await ipBehind('false', '203.0.113.9'), { ip: '127.0.0.1', protocol: 'http' });
  });

  test('the proxy’s address: the client nginx saw, even when the client sent an X-Forwarded-For of its own', async () => {
    // nginx's $proxy_add_x_forwarded_for appends the address it saw to what the client sent.
    assert.deepEqual(await ipBehind('127.0.0.1', '198.51.100.1, 203.0.113.9'), { ip: '203.0.113.9', protocol: 'https' });
    assert.equal((await ipBehind('10.0.0.0/8, loopback', '198.51.100.1, 203.0.113.9, 10.1.2.3')).ip, '203.0.113.9');
    // A request that did not come through the proxy is not believed.
    assert.equal((await ipBehind('10.0.0.5', '198.51.100.1', '192.0.2.44')).ip, '192.0.2.44');
  });

  test('a number of hops, and `true` (only when the proxy replaces the header: the first address is taken)', async () => {
    assert.equal((await ipBehind('1', '198.51.100.1, 203.0.113.9')).ip, '203.0.113.9');
    assert.equal((await ipBehind('2', '198.51.100.1, 203.0.113.9, 10.0.0.7')).ip, '203.0.113.9');
    assert.equal((await ipBehind('true', '198.51.100.1, 203.0.113.9')).ip, '198.51.100.1');
  });

  test('a value that is none of these is refused, naming TRUST_PROXY', () => {
    for (const bad of ['yes', '127.0.0.1/33', 'proxy.example.org', '0', '11', '10.0.0.0/8/1', '::1/129']) {
      assert.throws(
        () => parseTrustProxy(bad),
        (e: Error & { params?: { field?: string } }) => e.params?.field === 'TRUST_PROXY',
        bad,
      );
    }
    assert.equal(parseTrustProxy(' ::1 , 10.0.0.0/8 '), '::1,10.0.0.0/8');
  });
});

describe('DATABASE_POOL_SIZE', () => {
  test('unset: the default pool; a whole number from 1 to 200; anything else refused, naming it', () => {
    assert.equal(poolSizeFromEnv(undefined), undefined);
    assert.equal(poolSizeFromEnv(' '), undefined);
    assert.equal(poolSizeFromEnv('4'), 4);
    for (const bad of ['0', '-1', '2.5', 'ten', '201']) {
      assert.throws(
        () => poolSizeFromEnv(bad),
        (e: Error & { params?: { field?: string } }) => e.params?.field === 'DATABASE_POOL_SIZE',
        bad,
      );
    }
  });
});
