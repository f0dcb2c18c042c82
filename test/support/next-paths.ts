/** Every spelling of "another host" an attacker may try: raw, percent-encoded (once, twice, mixed case), behind dot segments. */
export const HOSTILE_NEXT = [
  '//evil.example', '/\\evil.example', '\\\\evil.example', 'https:evil.example', 'https://evil.example/', 'http:/evil.example',
  'javascript:alert(1)', '%2F%2Fevil.example', '/%2F%2Fevil.example', '/%2f/evil.example', '/%5Cevil.example', '%2f%5cevil.example',
  '/%252F%252Fevil.example', '/%25252F%25252Fevil.example', ' /evil', '/\tevil', '/\n/evil.example', 'evil.example', '', '/%E0%A4%A',
  'data:text/html,x', '/.//evil.example', '/./\\evil.example', '/..//evil.example', '/a/..//evil.example', '/a/b/../..//evil.example',
  '/%2e//evil.example', '/%2E//evil.example', '/%2e%2e//evil.example', '/a/%2e%2e//evil.example', '/.%2e//evil.example',
  '/./%2F/evil.example', '/.//evil.example/path?x=1#y', '/%2e/%2fevil.example', '/\u0000/evil.example',
];
