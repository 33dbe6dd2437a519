/** What the fixture registry cannot say about the X adapter: one key per thread, fallbacks, stale and broken pages. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../../lib/sites';
import type { DetectedContext, PageContext } from '../../../lib/sites/types';
import { xAdapter } from '../../../lib/sites/x';
import { fixtures } from '../../fixtures/x';
import { loadPage, readFixtureHtml } from '../../fixtures/load';

const janeThread = '1467180915577933824-1589954130475859968';
const janeChat = `https://x.com/i/chat/${janeThread}`;
const janePost = 'https://x.com/jane_doe/status/1861234567890123456';

function read(file: string, url: string, edit?: (document: Document, chat: ParentNode) => void, html = readFixtureHtml(file)): PageContext {
  const { url: pageUrl, document } = loadPage(html, url);
  edit?.(document, document.querySelector('[data-testid="xchatEmbedRoute"]')?.shadowRoot ?? document);
  return adapterFor(pageUrl)!.read(pageUrl, document);
}

function detected(context: PageContext): DetectedContext {
  if (!context.ok) throw new Error(`not detected: ${context.reason}`);
  return context;
}

const removeAll = (root: ParentNode, selector: string) => root.querySelectorAll(selector).forEach((el) => el.remove());

describe('one conversation per thread, whatever shows it', () => {
  const inShadowRoot = detected(read('x/chat-shadow.html', janeChat));

  it('reads the same chat rendered in the plain document as in the shadow root', () => {
    const unwrapped = readFixtureHtml('x/chat-shadow.html').replace('<template shadowrootmode="open">', '').replace('</template>', '');
    expect(read('x/chat-shadow.html', janeChat, undefined, unwrapped)).toEqual(inShadowRoot);
  });

  it('gives the legacy layout the key and permalink of the new chat', () => {
    const legacy = detected(read('x/messages-legacy.html', `https://x.com/messages/${janeThread}`));
    expect([legacy.conversationKey, legacy.permalink, legacy.customer]).toEqual([inShadowRoot.conversationKey, inShadowRoot.permalink, inShadowRoot.customer]);
  });

  it.each([`https://twitter.com/i/chat/${janeThread}`, `https://mobile.x.com/i/chat/${janeThread}/`, 'https://x.com/i/chat/1589954130475859968-1467180915577933824'])(
    'keeps the key and the x.com permalink on %s',
    (url) => {
      const context = detected(read('x/chat-shadow.html', url));
      expect([context.conversationKey, context.permalink]).toEqual([`x:dm:${janeThread}`, janeChat]);
    },
  );

  it('keys a post by its id alone and links it on x.com', () => {
    const context = detected(read('x/post.html', 'https://twitter.com/JANE_DOE/status/1861234567890123456/photo/1'));
    expect([context.conversationKey, context.permalink, context.messages.length]).toEqual(['x:post:1861234567890123456', janePost, 5]);
  });
});

describe('chat', () => {
  it('tells the sides apart by the hidden sender label when rows carry no alignment', () => {
    const context = detected(read('x/chat-shadow.html', janeChat, (_, chat) => chat.querySelectorAll('.justify-end, .justify-start').forEach((row) => row.classList.remove('justify-end', 'justify-start'))));
    expect(context.messages.map((m) => m.role)).toEqual(['customer', 'customer', 'agent', 'customer', 'customer', 'agent', 'customer']);
  });

  it('takes a row id from its test id when the row attribute carries none', () => {
    const context = detected(read('x/chat-document.html', 'https://x.com/i/chat/1467180915577933824-1712345678901234567', (document) => document.querySelector('[data-dm-message-row]')!.setAttribute('data-dm-message-row', 'true')));
    expect(context.messages[0]).toMatchObject({ siteId: '7b1e9c40-2a55-4c1f-8d0e-31f2a9c7e101', text: 'Is the blue one back in stock?' });
  });

  it('says the chat is locked when X asks for the passcode on a thread page', () => {
    const context = read('x/chat-shadow.html', janeChat, (_, chat) => {
      removeAll(chat, '[data-testid="dm-container"]');
      chat.append(Object.assign(chat.ownerDocument!.createElement('div'), { innerHTML: '<div data-testid="pin-code-input-container"><input type="password" inputmode="numeric"></div>' }));
    });
    expect(context).toMatchObject({ ok: false, reason: expect.stringMatching(/locked/) });
  });

  it('names no customer while only the inbox has rendered, not even one from the inbox rows', () => {
    const context = read('x/chat-shadow.html', janeChat, (_, chat) => removeAll(chat, '[data-testid="dm-conversation-panel"]'));
    expect(context).toMatchObject({ ok: false, reason: expect.stringMatching(/not recognised/) });
  });

  it('still reads the thread when the layout has no panels left, only rows and a header', () => {
    const context = detected(read('x/chat-shadow.html', janeChat, (_, chat) => {
      const panel = chat.querySelector('[data-testid="dm-conversation-panel"]')!;
      chat.querySelector('[data-testid="dm-container"]')!.replaceWith(...panel.childNodes);
    }));
    expect([context.customer.handle, context.messages.length]).toEqual(['jane_doe', 7]);
  });

  it('skips rows that show nothing it can read', () => {
    const context = detected(read('x/chat-shadow.html', janeChat, (_, chat) => removeAll(chat, '[data-testid^="message-text-"], [id$="-kind"]')));
    expect(context.messages).toEqual([]);
  });
});

describe('status page', () => {
  it('shows nothing of the previous post while the page still shows it', () => {
    const context = detected(read('x/post.html', 'https://x.com/omar_k/status/1999999999999999999'));
    expect(context).toMatchObject({ conversationKey: 'x:post:1999999999999999999', permalink: 'https://x.com/omar_k/status/1999999999999999999', messages: [] });
    expect(context.customer).toEqual({ platform: 'x', handle: 'omar_k', profileUrl: 'https://x.com/omar_k' });
  });

  it('reads a reply whose name links are missing by its status link, never taking its time for a name', () => {
    const context = detected(read('x/post.html', janePost, (document) => removeAll(document, '[data-testid="User-Name"] a[href="/sara_t"]')));
    expect(context.messages[3]).toMatchObject({ author: { handle: 'sara_t', displayName: 'sara_t' }, siteId: '1861235300000000003' });
  });

  it('names a reply of a photo alone by its media, and skips a reply still loading', () => {
    const all = detected(read('x/post.html', janePost)).messages;
    const textOf = (document: Document, siteId: string) => document.querySelector(`article:has(a[href$="/status/${siteId}"]) [data-testid="tweetText"]`)!;
    const context = detected(read('x/post.html', janePost, (document) => {
      textOf(document, all[2].siteId!).replaceWith(Object.assign(document.createElement('div'), { innerHTML: '<div data-testid="tweetPhoto"><img alt="Image"></div>' }));
      textOf(document, all[3].siteId!).remove();
    }));
    expect(context.messages).toEqual([all[0], all[1], { ...all[2], text: '[photo]' }, ...all.slice(4)]);
  });

  it("counts no reply as the agent's when the page does not tell who is signed in", () => {
    const context = detected(read('x/post.html', janePost, (document) => removeAll(document, '[data-testid="AppTabBar_Profile_Link"], [data-testid="SideNav_AccountSwitcher_Button"]')));
    expect(context.messages.map((m) => m.role)).toEqual(['customer', 'customer', 'customer', 'customer', 'customer']);
    expect(context.channel).toBe('reply');
  });

  it('knows the signed-in account from the profile tab alone', () => {
    const context = detected(read('x/post.html', janePost, (document) => removeAll(document, '[data-testid="SideNav_AccountSwitcher_Button"]')));
    expect(context.messages[1]).toMatchObject({ role: 'agent', author: { handle: 'AcmeSupport', displayName: 'Acme Support' } });
  });
});

describe('profile', () => {
  it('trusts only the URL while the previous profile is still on screen', () => {
    const context = detected(read('x/profile.html', 'https://x.com/omar_k'));
    expect([context.conversationKey, context.customer]).toEqual(['x:profile:omar_k', { platform: 'x', handle: 'omar_k', profileUrl: 'https://x.com/omar_k' }]);
  });

  it('never takes a user id from "You might like"', () => {
    const context = detected(read('x/profile.html', 'https://x.com/lina_dev', (document) => removeAll(document, '[data-testid="1733000000000000042-follow"]')));
    expect(context.customer.userId).toBeUndefined();
  });
});

describe('pages holding more rows than X ever renders at once', () => {
  it('reads the newest 200 messages of a chat', () => {
    const context = detected(read('x/chat-shadow.html', janeChat, (_, chat) => {
      const rows = [...chat.querySelectorAll('[data-dm-item-key^="0d6f"]')];
      for (let i = 0; i < 300; i++) rows[0].before(rows[i % 2].cloneNode(true));
    }));
    expect(context.messages).toHaveLength(200);
    expect(context.messages.at(-1)).toMatchObject({ text: '👍 thank you!', siteId: '0d6f3a52-8c1e-4b7e-9f41-6a2e57c1b007' });
  });

  it('reads the focused post and the first 199 replies below it', () => {
    const reply = (i: number) =>
      `<div data-testid="cellInnerDiv"><article data-testid="tweet" tabindex="0"><div data-testid="User-Name"><a href="/fan${i}"><div dir="ltr">Fan ${i}</div></a></div>` +
      `<a href="/fan${i}/status/18700000000000${String(i).padStart(5, '0')}"><time datetime="2025-11-21T10:00:00.000Z">Nov 21</time></a><div data-testid="tweetText">Me too #${i}</div></article></div>`;
    const context = detected(read('x/post.html', janePost, (document) => {
      const replies = Object.assign(document.createElement('div'), { innerHTML: Array.from({ length: 210 }, (_, i) => reply(i)).join('') });
      document.querySelectorAll('[data-testid="cellInnerDiv"]')[2].after(...replies.children);
    }));
    expect(context.messages).toHaveLength(200);
    expect(context.messages[0].siteId).toBe('1861234567890123456');
    expect(context.messages.at(-1)).toMatchObject({ author: { handle: 'fan198' }, text: 'Me too #198', siteId: '1870000000000000198' });
  });
});

describe('arbitrary and truncated markup', () => {
  const pages = new Map(fixtures.map((f) => [f.name, { url: f.url, html: readFixtureHtml(f.file) }]));

  it('never throws, and reads well-formed contexts or says why not', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pages.keys()),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.array(fc.nat(), { maxLength: 25 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('data-testid', 'href', 'datetime', 'class', 'id', 'tabindex', 'data-dm-message-row', 'dir')), { maxLength: 25 }),
        (name, keep, removals, attributeDrops) => {
          const page = pages.get(name)!;
          const context = read('', page.url, (document, chat) => {
            const elements = [...document.querySelectorAll('body *'), ...(chat === document ? [] : chat.querySelectorAll('*'))];
            for (const i of removals) elements[i % elements.length]?.remove();
            for (const [i, name] of attributeDrops) elements[i % elements.length]?.removeAttribute(name);
          }, page.html.slice(0, Math.ceil(page.html.length * keep)));
          if (!context.ok) {
            expect(context.reason).not.toMatch(/^Could not read this page/);
            return;
          }
          expect(context.conversationKey).toMatch(/^x:(dm|post|profile):\S+$/);
          for (const message of context.messages) {
            expect(['agent', 'customer']).toContain(message.role);
            expect(message.text.length).toBeGreaterThan(0);
            expect(message.author.displayName.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 50 },
    );
  }, 120_000);

  it('reads an empty page without a context', () => {
    const { url, document } = loadPage('<!DOCTYPE html><html><body></body></html>', janeChat);
    expect(xAdapter.read(url, document)).toMatchObject({ ok: false, reason: expect.stringMatching(/not recognised/) });
  });
});
