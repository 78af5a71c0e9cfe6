import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('readConfig', () => {
  it('applies the documented defaults', () => {
    expect(readConfig({})).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', LOG_LEVEL: 'info', STORAGE: 'sqlite' });
  });
  it('treats empty variables as unset', () => {
    const config = readConfig({ PORT: '', CREATE_TOKEN: '' });
    expect(config.PORT).toBe(3000);
    expect(config.CREATE_TOKEN).toBeUndefined();
  });
  it('reads numbers from strings', () => {
    expect(readConfig({ PORT: '8080', MAX_MESSAGE_BYTES: '1048576' })).toMatchObject({ PORT: 8080, MAX_MESSAGE_BYTES: 1048576 });
  });
  const bad: [string, Record<string, string>, RegExp][] = [
    ['port out of range', { PORT: '70000' }, /PORT/],
    ['port not a number', { PORT: 'eighty' }, /PORT/],
    ['unknown log level', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    ['short create token', { CREATE_TOKEN: 'abc' }, /CREATE_TOKEN: must be at least 16/],
    ['keepalive too long for the provider watchdog', { KEEPALIVE_MS: '30000' }, /KEEPALIVE_MS/],
    ['postgres without a database URL', { STORAGE: 'postgres' }, /DATABASE_URL: STORAGE=postgres needs DATABASE_URL/],
    ['a database URL that is not postgres', { STORAGE: 'postgres', DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
  ];
  for (const [name, env, message] of bad) {
    it(`names the variable: ${name}`, () => {
      expect(() => readConfig(env)).toThrow(ConfigError);
      expect(() => readConfig(env)).toThrow(message);
    });
  }
});
