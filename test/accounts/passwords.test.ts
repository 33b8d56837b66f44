import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashPassword, isCommonPassword, passwordProblem, verifyPassword } from '../../src/domain/passwords.js';
import { safeLocalPath } from '../../src/http/auth.js';

describe('passwords', () => {
  test('hashes are argon2id with OWASP’s parameters (19 MiB, 2 passes, 1 lane), salted, and verify', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.notEqual(a, b, 'a new salt every time');
    assert.equal(await verifyPassword(a, 'correct horse battery staple'), true);
    assert.equal(await verifyPassword(a, 'correct horse battery stapl'), false);
    assert.equal(await verifyPassword('not a hash', 'correct horse battery staple'), false);
  });

  test('the same characters typed differently (composed or not) are the same password', async () => {
    const composed = 'contraseña de prueba';
    const decomposed = composed.normalize('NFD');
    assert.notEqual(composed, decomposed);
    assert.equal(await verifyPassword(await hashPassword(composed), decomposed), true);
  });

  test('at least 12 characters (counted as characters, not bytes), no composition rules', () => {
    assert.equal(passwordProblem('short'), 'too-short');
    assert.equal(passwordProblem('elevenchars'), 'too-short');
    assert.equal(passwordProblem('ñandúñandúñ'), 'too-short', '11 characters, more bytes');
    assert.equal(passwordProblem('twelve chars'), null, 'only letters and a space: fine');
    assert.equal(passwordProblem('x'.repeat(257)), 'too-long');
  });

  test('common passwords are refused, whatever their case, from the list shipped with the app', () => {
    for (const p of ['password1234', '123456789012', 'qwertyuiop123', 'Administrator', 'LEAVEMEALONE']) {
      assert.equal(passwordProblem(p), 'common', p);
      assert.equal(isCommonPassword(p), true, p);
    }
    assert.equal(isCommonPassword('tres tristes tigres'), false);
  });

  test('the account’s own email address is refused', () => {
    assert.equal(passwordProblem('ana.torres@pcm.gob.pe', { email: 'ana.torres@pcm.gob.pe' }), 'like-email');
    assert.equal(passwordProblem('Ana.Torres.Quispe', { email: 'ana.torres.quispe@pcm.gob.pe' }), 'like-email');
  });
});

describe('volver: where to go back after signing in', () => {
  test('only a path of this site', () => {
    assert.equal(safeLocalPath('/planes/1?ronda=2#resumen'), '/planes/1?ronda=2#resumen');
    assert.equal(safeLocalPath('/en/cuenta'), '/en/cuenta');
    for (const bad of [
      '//evil.example',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example',
      'http:/evil.example',
      'javascript:alert(1)',
      'evil.example',
      '/\t/evil.example',
      '/.//evil.example',
      '/..//evil.example/phish',
      '/%2e//evil.example',
      '/a/..//evil.example',
      '',
      null,
      42,
    ]) {
      assert.equal(safeLocalPath(bad), null, String(bad));
    }
  });
});
