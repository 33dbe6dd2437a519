/**
 * The Facebook adapter on markup it was never meant to see: fixtures cut short or with parts torn
 * out, and random trees built from the very attributes it looks for. It must always answer with a
 * context, never by failing inside (that would leave the agent with "Could not read this page").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { facebookAdapter } from '../../../lib/sites/facebook';
import type { PageContext } from '../../../lib/sites/types';
import { fixtures } from '../../fixtures/facebook';
import { loadPage, readFixtureHtml } from '../../fixtures/load';

function expectWellFormed(context: PageContext) {
  expect(context.platform).toBe('facebook');
  if (!context.ok) return expect(context.reason).not.toMatch(/^Could not read this page/);
  expect(context.conversationKey).toMatch(/^facebook:(?:dm|post):\S+$/);
  expect(() => new URL(context.permalink)).not.toThrow();
  expect(context.customer.handle).not.toBe('');
  for (const message of context.messages) {
    expect(['customer', 'agent']).toContain(message.role);
    expect(typeof message.text).toBe('string');
    expect(message.author.displayName).not.toBe('');
  }
}

/** One parsed page per URL, its body replaced on each run: creating a DOM window is the slow part. */
const pages = new Map<string, ReturnType<typeof loadPage>>();
function pageWithBody(href: string, body: string) {
  const page = pages.get(href) ?? loadPage('', href);
  pages.set(href, page);
  page.document.body.innerHTML = body;
  return page;
}

describe.each(fixtures)('$name, damaged', (fixture) => {
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(readFixtureHtml(fixture.file))![1];

  it('is read without failing when cut short or stripped of elements and attributes', () => {
    fc.assert(
      fc.property(fc.nat(body.length), fc.array(fc.nat(), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), (cut, removed, stripped) => {
        const { url, document } = pageWithBody(fixture.url, body.slice(0, cut));
        const elements = [...document.body.querySelectorAll('*')];
        for (const pick of removed) elements[pick % Math.max(1, elements.length)]?.remove();
        for (const pick of stripped) {
          const element = elements[pick % Math.max(1, elements.length)];
          const attribute = element?.attributes[pick % Math.max(1, element.attributes.length)];
          if (attribute) element.removeAttribute(attribute.name);
        }
        expectWellFormed(facebookAdapter.read(url, document));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

/** Random trees made of what the adapter looks for, with random values where the site puts text. */
const attributeValue = fc.oneof(
  fc.string(),
  fc.constantFrom('At 9:11 PM, You: hi', 'At Jun 3, 2025, 9:11 PM, Jane: x', 'At 99:99, :', 'Messages in conversation titled ', 'Comment by ', 'Reply by  to ', 'Comment as '),
  fc.webUrl().map((u) => `${u}?comment_id=${u.length}&reply_comment_id=&id=`),
  fc.constantFrom('/groups/g/user//', '/profile.php?id=', 'https://www.facebook.com/x/posts/?comment_id=1', 'http://[', '/jane.doe', '//'),
);
const attribute = fc.tuple(fc.constantFrom('role', 'aria-label', 'aria-roledescription', 'data-message-id', 'data-scope', 'href', 'dir', 'aria-modal', 'data-ad-rendering-role', 'data-lexical-editor'), attributeValue);
const tag = fc.constantFrom('div', 'a', 'h2', 'h3', 'h5', 'span', 'img');
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const tree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((self) => ({
  node: fc
    .tuple(tag, fc.array(attribute, { maxLength: 4 }), fc.array(fc.oneof(fc.string().map(escape), self('node')), { maxLength: 4 }))
    .map(([name, attributes, children]) => `<${name} ${attributes.map(([n, v]) => `${n}="${escape(v)}"`).join(' ')}>${children.join('')}</${name}>`),
})).node;

describe('random markup', () => {
  const urls = fixtures.map((f) => f.url);
  it('is read without failing, on every kind of Facebook page', () => {
    fc.assert(
      fc.property(fc.constantFrom(...urls), fc.array(tree, { minLength: 1, maxLength: 4 }), (href, nodes) => {
        const { url, document } = pageWithBody(href, `<div role="main">${nodes.join('')}</div>`);
        expectWellFormed(facebookAdapter.read(url, document));
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
