import assert from 'node:assert/strict';
import { SaxesParser } from 'saxes';

/** An element of a parsed XML document: its local name, namespace, attributes, children and text. */
export interface XmlNode {
  name: string;
  uri: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses with saxes, a strict XML 1.0 parser with namespaces: any well-formedness error throws. Returns the root element. */
export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlNode = { name: '#document', uri: '', attrs: {}, children: [], text: '' };
  const stack = [root];
  parser.on('opentag', (tag) => {
    const attrs = Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value]));
    const node: XmlNode = { name: tag.local, uri: tag.uri, attrs, children: [], text: '' };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (text) => void (stack[stack.length - 1].text += text));
  parser.write(xml).close();
  assert.equal(root.children.length, 1);
  return root.children[0];
}
