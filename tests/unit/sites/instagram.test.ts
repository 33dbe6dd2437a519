/** Instagram cases the fixture registry cannot express: other URLs for the same page, layout variants, broken markup. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instagramAdapter } from '../../../lib/sites/instagram';
import type { DetectedContext, PageContext } from '../../../lib/sites/types';
import { fixtures } from '../../fixtures/instagram';
import { loadPage, readFixtureHtml } from '../../fixtures/load';

const ig = 'https://www.instagram.com';
const thread2026 = `${ig}/direct/t/340282366841710301244276017723107508377/`;

function read(file: string, href: string, edit?: (document: Document) => void): PageContext {
  const { url, document } = loadPage(readFixtureHtml(`instagram/${file}`), href);
  edit?.(document);
  return instagramAdapter.read(url, document);
}

function detected(context: PageContext): DetectedContext {
  if (!context.ok) throw new Error(`not detected: ${context.reason}`);
  return context;
}

const removeAll = (document: Document, selector: string) => document.querySelectorAll(selector).forEach((el) => el.remove());
/** The rail's Profile link names the signed-in account by its picture: the only place the page says so. */
const removeSignedInAccount = (document: Document) => removeAll(document, 'img[alt="acme.store\'s profile picture"]');

describe('DM threads', () => {
  it('keeps one key and one canonical permalink whatever form of the URL shows the thread', () => {
    const context = detected(read('dm-thread-2025.html', 'https://instagram.com/direct/t/17842968123456789'));
    expect(context.conversationKey).toBe('instagram:dm:17842968123456789');
    expect(context.permalink).toBe(`${ig}/direct/t/17842968123456789/`);
  });

  it('names the peer from the conversation label when the header has no heading', () => {
    const context = detected(read('dm-thread-2026.html', thread2026, (d) => removeAll(d, 'a[aria-label^="Open the profile page of"] h2')));
    expect(context.customer).toEqual({ platform: 'instagram', handle: 'jane.doe', displayName: 'Jane Doe 🌸', profileUrl: `${ig}/jane.doe/` });
  });

  it('gives a grid cell without a sender heading the sender of the cell before', () => {
    // the cell before says "Mike Runner replied to you"
    const context = detected(read('dm-thread-2025.html', `${ig}/direct/t/17842968123456789/`, (d) => d.querySelectorAll('[data-scope="messages_table"] h6')[3].remove()));
    expect(context.messages[3]).toMatchObject({ role: 'customer', author: { handle: 'mike_runs', displayName: 'Mike Runner' } });
  });

  it('calls the agent "You" when the page does not say who is signed in', () => {
    const context = detected(read('dm-thread-2026.html', thread2026, removeSignedInAccount));
    expect(context.messages[1]).toMatchObject({ role: 'agent', author: { displayName: 'You' } });
    expect(context.messages[1].author.handle).toBeUndefined();
  });

  const withRows = (count: number) =>
    detected(
      read('dm-thread-2026.html', thread2026, (d) => {
        const row = d.querySelector('[data-virtualized="false"] [role="group"]')!.closest('[data-virtualized]')!;
        for (let i = 1; i <= count; i++) {
          const copy = row.cloneNode(true) as Element;
          copy.querySelector('[dir="auto"]')!.textContent = `message ${i}`;
          row.parentElement!.append(copy);
        }
      }),
    );

  it('reads every row of a long virtualised thread, oldest first', () => {
    const context = withRows(100);
    expect(context.messages).toHaveLength(109);
    expect(context.messages[9].text).toBe('message 1');
    expect(context.messages.at(-1)!.text).toBe('message 100');
  });

  it('reads the newest 200 messages of a page holding more rows than Instagram renders at once', () => {
    const context = withRows(300);
    expect(context.messages).toHaveLength(200);
    expect(context.messages[0].text).toBe('message 101');
    expect(context.messages.at(-1)!.text).toBe('message 300');
  });

  it('says the layout was not recognised when the thread shows no message list', () => {
    const context = read('dm-thread-2026.html', thread2026, (d) => removeAll(d, '[aria-label^="Conversation with"]'));
    expect(context).toMatchObject({ ok: false, reason: expect.stringMatching(/not recognised/) });
  });

  it('has no customer to show in a group thread where nobody else has written', () => {
    const context = read('dm-group-2026.html', `${ig}/direct/t/340282366841710301244276017799998887777/`, (d) =>
      d.querySelectorAll('[role="group"]').forEach((row) => row.querySelector('a[aria-label^="Open the profile page of"]') && row.remove()),
    );
    expect(context).toMatchObject({ ok: false, reason: expect.stringMatching(/Could not tell who/) });
  });

  it('reads a message request like any thread once it is accepted', () => {
    const context = detected(
      read('dm-request.html', `${ig}/direct/t/340282366841710301244276017711112222333/`, (d) => {
        const prompt = d.querySelector('[data-pagelet="IGDMessagesList"]')!.closest('[aria-label]')!.nextElementSibling!;
        prompt.outerHTML = '<div data-pagelet="IGDComposer"><div role="textbox" contenteditable="true" aria-label="Message"></div></div>';
      }),
    );
    expect(context.customer).toMatchObject({ handle: 'new.customer_22', displayName: 'Nina' });
    expect(context.messages.map((m) => m.text)).toEqual(['Hi, I was charged twice for order 9981', 'Hello??']);
  });

  it('reads a thread when an Accept button shows elsewhere: its composer says it is no request', () => {
    const context = read('dm-thread-2026.html', thread2026, (d) => d.querySelector('[role="listitem"]')!.insertAdjacentHTML('beforeend', '<div role="button">Accept</div>'));
    expect(context.ok).toBe(true);
  });

  it('has nothing to read in the message requests list', () => {
    expect(read('inbox.html', `${ig}/direct/requests/`)).toMatchObject({ ok: false, reason: expect.stringMatching(/No conversation open/) });
  });
});

describe('posts and reels', () => {
  const post = (href: string, edit?: (document: Document) => void) => detected(read('post-comments.html', href, edit));

  it('makes the commenter a comment permalink points at the customer of the agent’s own post', () => {
    const context = post(`${ig}/p/C9xYz12AbCd/c/18012345678905678/`);
    expect(context.customer.handle).toBe('omar.hassan');
    expect(context.conversationKey).toBe('instagram:post:C9xYz12AbCd');
    expect(context.permalink).toBe(`${ig}/p/C9xYz12AbCd/`);
  });

  it('keeps the post’s key and permalink on reply permalinks and username-prefixed URLs', () => {
    for (const href of [`${ig}/p/C9xYz12AbCd/c/18012345678901234/r/18098765432109876/`, `${ig}/acme.store/p/C9xYz12AbCd/`]) {
      expect(post(href)).toMatchObject({ conversationKey: 'instagram:post:C9xYz12AbCd', permalink: `${ig}/p/C9xYz12AbCd/` });
    }
  });

  it('keeps a reel’s key when it is opened on its /p/ URL', () => {
    expect(detected(read('reel-comments.html', `${ig}/p/DA1b2c3D4e5/`)).conversationKey).toBe('instagram:post:DA1b2c3D4e5');
  });

  it('takes the post’s author as the customer when the page does not say who is signed in', () => {
    const context = post(`${ig}/p/C9xYz12AbCd/`, removeSignedInAccount);
    expect(context.customer.handle).toBe('acme.store');
    expect(context.messages.every((m) => m.role === 'customer')).toBe(true);
  });

  it('keeps the time as shown, and the page’s order, when comments carry no full date', () => {
    const context = post(`${ig}/p/C9xYz12AbCd/`, (d) => d.querySelectorAll('a[href*="/c/"] time').forEach((time) => time.setAttribute('datetime', '')));
    expect(context.messages[1]).toMatchObject({ author: { handle: 'lulz_account' }, timeLabel: '3w' });
    expect(context.messages[1].sentAt).toBeUndefined();
  });

  it('leaves out a comment with no words rather than giving it a reply’s text', () => {
    const context = post(`${ig}/p/C9xYz12AbCd/`, (d) => {
      d.querySelector('a[href="/p/C9xYz12AbCd/c/18012345678901234/"]')!.closest('.xdt5ytf')!.querySelector(':scope > div > span[dir="auto"]')!.remove();
    });
    expect(context.messages.map((m) => m.siteId)).not.toContain('18012345678901234');
    expect(context.messages.find((m) => m.siteId === '18098765432109876')?.text).toBe('Hi @sara_k! Yes, wide fit comes in sizes 7–12 😊');
    expect(context.messages).toHaveLength(6);
  });

  it('says the layout was not recognised on a post page with no post', () => {
    const { url, document } = loadPage('<main role="main"><h2>Sorry, this page isn\'t available.</h2></main>', `${ig}/p/Gone123/`);
    expect(instagramAdapter.read(url, document)).toMatchObject({ ok: false, reason: expect.stringMatching(/not recognised/) });
  });
});

describe('profiles', () => {
  it('keys and links a profile by its lower-case handle, on any of its tabs', () => {
    const context = detected(read('profile.html', `${ig}/Jane.Doe/tagged/`));
    expect(context).toMatchObject({ conversationKey: 'instagram:profile:jane.doe', permalink: `${ig}/jane.doe/`, customer: { displayName: 'Jane Doe 🌸' } });
  });

  it('does not take the name of the previous profile from a title that has not caught up', () => {
    expect(detected(read('profile.html', `${ig}/mike_runs/`)).customer).toMatchObject({ handle: 'mike_runs', displayName: 'mike_runs' });
  });
});

describe('broken markup', () => {
  const internalError = /^Could not read this page \(/;
  /** Only a post without a caption may have no words: it still has its id, time and permalink. */
  const checkSane = (context: PageContext) => {
    expect(context.platform).toBe('instagram');
    if (!context.ok) expect(context.reason).not.toMatch(internalError);
    else for (const message of context.messages) if (message.permalink !== context.permalink) expect(message.text).not.toBe('');
  };

  it.each(fixtures)('reads $name cut short anywhere without an internal error', (fixture) => {
    const html = readFixtureHtml(fixture.file);
    for (let cut = 0; cut < html.length; cut += Math.ceil(html.length / 12)) {
      const { url, document } = loadPage(html.slice(0, cut), fixture.url);
      checkSane(instagramAdapter.read(url, document));
    }
  });

  it('reads fixtures with random elements removed without an internal error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (fixture, picks) => {
        const { url, document } = loadPage(readFixtureHtml(fixture.file), fixture.url);
        for (const pick of picks) {
          const all = document.body.querySelectorAll('*');
          all[pick % all.length]?.remove();
        }
        checkSane(instagramAdapter.read(url, document));
      }),
      { numRuns: 25 },
    );
  }, 30_000);
});
