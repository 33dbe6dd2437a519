/**
 * The X adapter on real captures of X posts (../shared/real-pages/x, outerHTML of one post each),
 * wrapped in a status page's shell and served on that post's /status/ URL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xAdapter } from '../../../lib/sites/x';
import type { DetectedContext } from '../../../lib/sites/types';
import { loadPage } from '../../fixtures/load';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const realPagesDir = join(repoRoot, '..', 'shared', 'real-pages', 'x');

function statusPage(capture: string, { signedInAs }: { signedInAs?: string } = {}): string {
  const nav = signedInAs ? `<nav aria-label="Primary" role="navigation"><a href="/${signedInAs}" aria-label="Profile" role="link" data-testid="AppTabBar_Profile_Link">Profile</a></nav>` : '';
  return `<!DOCTYPE html><html dir="ltr" lang="en"><head><meta charset="utf-8"><title>X</title></head><body><div id="react-root"><header role="banner">${nav}</header>
    <main role="main"><div data-testid="primaryColumn"><section aria-labelledby="accessible-list-1" role="region"><h1 id="accessible-list-1">Conversation</h1>
    <div aria-label="Timeline: Conversation"><div style="position: relative; min-height: 600px;">
    <div data-testid="cellInnerDiv" style="transform: translateY(0px); position: absolute; width: 100%;">${capture}</div>
    </div></div></section></div></main></div></body></html>`;
}

function read(file: string, url: string, options?: { signedInAs?: string; edit?: (document: Document) => void }) {
  const { url: pageUrl, document } = loadPage(statusPage(readFileSync(join(realPagesDir, file), 'utf8'), options), url);
  options?.edit?.(document);
  const context = xAdapter.read(pageUrl, document);
  if (!context.ok) throw new Error(`not detected: ${context.reason}`);
  return context as DetectedContext;
}

describe('a focused post on its status page', () => {
  const url = 'https://x.com/TestUser123/status/1981398750557065646';
  const context = read('tweetyoink__x-tweet-sample.html', url);

  it('reads the post, its author and its time', () => {
    expect(context).toMatchObject({ kind: 'post', conversationKey: 'x:post:1981398750557065646', permalink: url });
    expect(context.customer).toEqual({ platform: 'x', handle: 'TestUser123', displayName: 'Test User Account', profileUrl: 'https://x.com/TestUser123' });
    expect(context.messages).toEqual([
      {
        role: 'customer',
        author: { handle: 'TestUser123', displayName: 'Test User Account', profileUrl: 'https://x.com/TestUser123' },
        text: "Democrat Shutdown Jeopardizes America's Skies",
        sentAt: Date.parse('2025-10-23T16:34:09.000Z'),
        siteId: '1981398750557065646',
        permalink: url,
      },
    ]);
  });

  it('reads emoji images in the text as characters', () => {
    const withEmoji = read('tweetyoink__x-tweet-sample.html', url, {
      edit: (document) =>
        document.querySelector('[data-testid="tweetText"]')!.insertAdjacentHTML('beforeend', '<img alt="✈️" draggable="false" src="https://abs-0.twimg.com/emoji/v2/svg/2708.svg" class="r-4qtqp9 r-dflpy8">'),
    });
    expect(withEmoji.messages[0].text).toBe("Democrat Shutdown Jeopardizes America's Skies✈️");
  });

  it("is the agent's own post when the page is signed in as its author", () => {
    expect(read('tweetyoink__x-tweet-sample.html', url, { signedInAs: 'TestUser123' }).messages[0].role).toBe('agent');
  });
});

describe.each([
  {
    file: 'tweetyoink__x-tweet-quote.html',
    url: 'https://x.com/TestQuoter/status/1983130065320780162',
    author: { handle: 'TestQuoter', displayName: 'Test Quoter' },
    text: 'This is a quote tweet with additional commentary',
    time: '2025-10-28T11:13:47.000Z',
  },
  {
    file: 'tweetyoink__x-tweet-quote-video.html',
    url: 'https://x.com/QuotingUser/status/1983128852952998358',
    author: { handle: 'QuotingUser', displayName: 'Quoting User' },
    text: 'How to share Example.com links',
    time: '2025-10-28T11:08:57.000Z',
  },
])('a quote post ($file)', ({ file, url, author, text, time }) => {
  const context = read(file, url);

  it('reads the quoting post, not the quoted one', () => {
    expect(context.customer).toMatchObject(author);
    expect(context.messages).toHaveLength(1);
    expect(context.messages[0]).toMatchObject({ author, text, sentAt: Date.parse(time), siteId: url.split('/').at(-1), permalink: url });
  });
});

it("never reads a quoted post as the post of its own status page (the quote's id is in its photo link)", () => {
  const onQuotedUrl = read('tweetyoink__x-tweet-quote.html', 'https://x.com/OriginalAuthor/status/1983129251856470493');
  expect(onQuotedUrl.messages).toEqual([]);
  expect(onQuotedUrl.customer).toEqual({ platform: 'x', handle: 'OriginalAuthor', profileUrl: 'https://x.com/OriginalAuthor' });
});
