/**
 * Adapters never throw, whatever the markup: every fixture truncated and mutated at random, and
 * random trees built from the selectors the sites use, on every URL kind.
 */
import fc from 'fast-check';
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import { adapterFor } from '../../../lib/sites';
import type { PageContext } from '../../../lib/sites/types';
import { examples } from '../../../lib/sites/urls';
import { fixtures } from '../../fixtures';
import { loadPage, readFixtureHtml } from '../../fixtures/load';

const urls = [...Object.values(examples).flat(), ...fixtures.map((f) => f.url)];

function expectWellFormed(context: PageContext) {
  if (!context.ok) return expect(context.reason).toEqual(expect.any(String));
  expect(context.conversationKey).toEqual(expect.any(String));
  expect(context.customer.handle).toEqual(expect.any(String));
  for (const message of context.messages) {
    expect(['customer', 'agent']).toContain(message.role);
    expect(message.text).toEqual(expect.any(String));
    if (message.sentAt !== undefined) expect(Number.isFinite(message.sentAt)).toBe(true);
  }
}

const window = new Window();
afterAll(() => window.happyDOM.close());

const read = (html: string, url: string) => {
  const { url: parsed, document } = loadPage(html, url, window);
  expectWellFormed(adapterFor(parsed)!.read(parsed, document));
};

describe.each(fixtures)('$name, damaged', (fixture) => {
  const html = readFixtureHtml(fixture.file);
  const elements = html.match(/<[a-z][^>]*>/gi)?.length ?? 1;

  it('is read without throwing when truncated anywhere', () => {
    fc.assert(fc.property(fc.nat({ max: html.length }), (cut) => read(html.slice(0, cut), fixture.url)), { numRuns: 8 });
  });

  it('is read without throwing when tags, attributes and text are mangled', () => {
    const mutation = fc.oneof(
      // drop the n-th tag (unbalancing the tree)
      fc.nat({ max: elements }).map((n) => (s: string) => { let i = -1; return s.replace(/<[a-z][^>]*>/gi, (tag) => (++i === n ? '' : tag)); }),
      // blank an attribute value the adapters rely on
      fc.constantFrom('data-testid', 'aria-label', 'href', 'datetime', 'role', 'dir').map((attr) => (s: string) => s.replace(new RegExp(`${attr}="[^"]*"`, 'g'), `${attr}=""`)),
      // replace text with hostile or empty strings
      fc.string({ unit: 'grapheme', maxLength: 40 }).map((junk) => (s: string) => s.replace(/>([^<]{3,})</, `>${junk.replace(/[<>]/g, '')}<`)),
    );
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => read(mutations.reduce((s, m) => m(s), html), fixture.url)), { numRuns: 8 });
  });
});

describe('random pages built from the sites’ own selectors', () => {
  const testIds = ['xchatEmbedRoute', 'dm-conversation-panel', 'dm-conversation-header', 'dm-conversation-username', 'message-1', 'message-text-1', 'tweet', 'User-Name', 'tweetText', 'cellInnerDiv', 'UserName', 'AppTabBar_Profile_Link'];
  const labels = ['Conversation with Jane', 'Open the profile page of jane', 'Messages in conversation with Jane', 'At 9:11 PM, Jane: hi', 'Comment by Jane', 'Reply by Jo', 'Message'];
  const attribute = fc.oneof(
    fc.constantFrom(...testIds).map((v) => ` data-testid="${v}"`),
    fc.constantFrom(...labels).map((v) => ` aria-label="${v}"`),
    fc.constantFrom('group', 'log', 'row', 'gridcell', 'article', 'presentation', 'textbox').map((v) => ` role="${v}"`),
    fc.constantFrom('/jane', '/p/Cx1/c/123/', '/jane/status/1', '/i/chat/1-2', '/').map((v) => ` href="${v}"`),
    fc.constantFrom('2025-06-03T21:11:00.000Z', 'nonsense', '').map((v) => ` datetime="${v}"`),
    fc.constant(' aria-roledescription="message"'),
    fc.constant(' data-dm-message-row=""'),
  );
  const tree: fc.Arbitrary<string> = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.string({ maxLength: 12 }).map((t) => t.replace(/[<>&]/g, '')),
      fc.tuple(fc.constantFrom('div', 'span', 'a', 'time', 'h5', 'h6', 'img', 'article', 'section'), fc.array(attribute, { maxLength: 3 }), fc.array(tie('node'), { maxLength: 4 })).map(
        ([tag, attrs, children]) => (tag === 'img' ? `<img alt="😀"${attrs.join('')}>` : `<${tag}${attrs.join('')}>${children.join('')}</${tag}>`),
      ),
    ),
  })).node;

  it('never make an adapter throw, on any URL kind', () => {
    fc.assert(fc.property(fc.constantFrom(...urls), tree, (url, body) => read(`<!doctype html><html><body>${body}</body></html>`, url)), { numRuns: 200 });
  });
});
