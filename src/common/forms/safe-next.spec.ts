import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeNextPath } from './safe-next';

describe('safeNextPath', () => {
  it('keeps local paths with their query and anchor', () => {
    assert.equal(safeNextPath('/advisories/MS04-044/thread?page=2#p51'), '/advisories/MS04-044/thread?page=2#p51');
    assert.equal(safeNextPath('/notifications'), '/notifications');
  });

  it('sends everything that could leave the site to the default page', () => {
    const hostile = [
      '//evil.example', '/\\evil.example', '\\\\evil.example', 'https:evil.example', 'https://evil.example/', 'http:/evil.example',
      'javascript:alert(1)', '%2F%2Fevil.example', '/%2F%2Fevil.example', '/%5Cevil.example', '%2f%5cevil.example', '/%252F%252Fevil.example',
      ' /evil', '/\tevil', '/\n/evil.example', 'evil.example', '', '/%E0%A4%A', 'data:text/html,x',
    ];
    for (const h of hostile) assert.equal(safeNextPath(h), '/', JSON.stringify(h));
    assert.equal(safeNextPath(['/a', '/b']), '/');
    assert.equal(safeNextPath(undefined, '/users/me'), '/users/me');
  });
});
