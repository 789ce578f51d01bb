import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost, validateBaseUrl } from '../../src/core/baseUrl';

test('https is accepted and a trailing slash dropped', () => {
  assert.equal(validateBaseUrl('https://api.aisa.one/v1/'), 'https://api.aisa.one/v1');
});

test('plain http only to loopback', () => {
  assert.equal(validateBaseUrl('http://127.0.0.1:8787/v1'), 'http://127.0.0.1:8787/v1');
  assert.equal(validateBaseUrl('http://localhost:1/v1'), 'http://localhost:1/v1');
  assert.equal(validateBaseUrl('http://[::1]:1/v1'), 'http://[::1]:1/v1');
  for (const bad of [
    'http://api.aisa.one/v1',
    'http://10.0.0.1/v1',
    'http://127.0.0.1.evil.com/v1',
    'http://localhost.evil.com/',
  ]) {
    assert.throws(() => validateBaseUrl(bad), /Refusing plain http/, bad);
  }
});

test('not a URL, other schemes, credentials and queries are refused', () => {
  assert.throws(() => validateBaseUrl('api.aisa.one'), /not a URL/);
  assert.throws(() => validateBaseUrl('ftp://api.aisa.one/v1'), /must use https/);
  assert.throws(() => validateBaseUrl('https://user:pw@api.aisa.one/v1'), /user name or password/);
  assert.throws(() => validateBaseUrl('https://api.aisa.one/v1?x=1'), /query/);
});

test('loopback detection', () => {
  assert.ok(isLoopbackHost('127.8.9.10'));
  assert.ok(!isLoopbackHost('128.0.0.1'));
});
