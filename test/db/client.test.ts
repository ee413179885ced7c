import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { databaseFileFromUrl } from '../../server/db/client.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('databaseFileFromUrl', () => {
  it('resolves a relative file: URL against the project root', () => {
    expect(databaseFileFromUrl('file:./data/netgrade.db')).toBe(join(projectRoot, 'data', 'netgrade.db'));
    expect(databaseFileFromUrl('file:data/x.db')).toBe(join(projectRoot, 'data', 'x.db'));
  });

  it('keeps an absolute path, with or without file: or file://', () => {
    expect(databaseFileFromUrl('file:/var/lib/netgrade/db.sqlite')).toBe('/var/lib/netgrade/db.sqlite');
    expect(databaseFileFromUrl('file:///var/lib/netgrade/db.sqlite')).toBe('/var/lib/netgrade/db.sqlite');
    expect(databaseFileFromUrl('/var/lib/netgrade/db.sqlite')).toBe('/var/lib/netgrade/db.sqlite');
  });

  it('drops connection parameters after ?', () => {
    expect(databaseFileFromUrl('file:./data/x.db?connection_limit=1')).toBe(join(projectRoot, 'data', 'x.db'));
  });

  it('rejects a URL that names no file or an in-memory database', () => {
    expect(() => databaseFileFromUrl('file:')).toThrow(/names no file/);
    expect(() => databaseFileFromUrl('file::memory:')).toThrow(/in memory/);
  });
});
