/** What the shared fixture registry cannot say about Facebook: layout fallbacks, variants, broken markup. */
import { describe, expect, it } from 'vitest';
import { facebookAdapter } from '../../../lib/sites/facebook';
import type { DetectedContext, PageContext } from '../../../lib/sites/types';
import { fixtures } from '../../fixtures/facebook';
import { loadPage, readFixtureHtml } from '../../fixtures/load';

const fixture = (name: string) => fixtures.find((f) => f.name === `facebook/${name}`)!;

/** Reads a fixture, optionally on another URL and after changing its DOM as the site might. */
function read(name: string, { url, change }: { url?: string; change?: (document: Document) => void } = {}): PageContext {
  const page = loadPage(readFixtureHtml(fixture(name).file), url ?? fixture(name).url);
  change?.(page.document);
  return facebookAdapter.read(page.url, page.document);
}

function detected(context: PageContext): DetectedContext {
  if (!context.ok) throw new Error(`not detected: ${context.reason}`);
  return context;
}

/** A bare Messenger thread, for label formats the fixtures do not show. */
function thread(labels: string[], logLabel = 'Messages in conversation with Jane Doe'): DetectedContext {
  const rows = labels.map((label) => `<div role="row"><div aria-roledescription="message" aria-label="${label}"></div></div>`).join('');
  const { url, document } = loadPage(`<div role="main"><div role="log" aria-label="${logLabel}">${rows}</div></div>`, 'https://www.facebook.com/messages/t/100012345678901');
  return detected(facebookAdapter.read(url, document));
}

/** What the e2e fixture editor mounts in place of its placeholder (unit tests run no page scripts). */
function mountCommentComposer(document: Document, signedInAs: string) {
  const editable = document.createElement('div');
  editable.setAttribute('role', 'textbox');
  editable.setAttribute('contenteditable', 'true');
  editable.setAttribute('data-lexical-editor', 'true');
  editable.setAttribute('aria-label', `Comment as ${signedInAs}`);
  document.querySelector('[data-fixture-attrs*="Comment as"]')!.append(editable);
}

describe('Messenger threads', () => {
  it('are the same conversation, with the same customer, on facebook.com and messenger.com', () => {
    const onFacebook = detected(read('messenger-thread'));
    const onMessenger = detected(read('messenger-com-thread'));
    expect(onMessenger.conversationKey).toBe(onFacebook.conversationKey);
    expect(onMessenger.permalink).toBe(onFacebook.permalink);
    expect(onMessenger.customer).toEqual(onFacebook.customer);
    // The messages both show are read alike: a ticket logged from either deduplicates.
    const shared = (c: DetectedContext) => c.messages.filter((m) => m.siteId === 'mid.$cAABa8xQ3k2WU-C1mVf3HD3uQ9w');
    expect(shared(onMessenger)).toEqual(shared(onFacebook));

    const e2ee = detected(read('messenger-gridcell', { url: 'https://www.facebook.com/messages/e2ee/t/7012345678901234/' }));
    expect(e2ee.conversationKey).toBe('facebook:dm:7012345678901234');
    expect(e2ee.permalink).toBe('https://www.facebook.com/messages/e2ee/t/7012345678901234');
  });

  it('reads 24-hour, weekday and fully dated labels, and finds "You" behind bidi marks', () => {
    const messages = thread([
      'At 21:11, Jane: ratio 2:1, please',
      'At Tuesday 9:11 PM, Jane',
      'At Jun 3, 2025, 9:11\u202fPM, \u200eYou\u200e: on it',
      'At Dec 31, 2024, 12:05 AM, Jane: happy new year',
      'a label Messenger never wrote',
    ]).messages;
    expect(messages[0]).toMatchObject({ role: 'customer', author: { displayName: 'Jane' }, text: 'ratio 2:1, please', timeLabel: '21:11' });
    expect(messages[1]).toMatchObject({ role: 'customer', text: '[Attachment]', timeLabel: 'Tuesday 9:11 PM' });
    expect(messages[2]).toMatchObject({ role: 'agent', text: 'on it', sentAt: new Date(2025, 5, 3, 21, 11).getTime() });
    expect(messages[2].timeLabel).toBeUndefined();
    expect(messages[3].sentAt).toBe(new Date(2024, 11, 31, 0, 5).getTime());
    expect(messages[4]).toMatchObject({ role: 'customer', author: { displayName: 'Unknown' } });
  });

  it('reads the newest 200 messages of a log holding more than Messenger renders at once', () => {
    const messages = thread(Array.from({ length: 300 }, (_, i) => `At 9:11 PM, Jane: message ${i + 1}`)).messages;
    expect(messages).toHaveLength(200);
    expect(messages[0].text).toBe('message 101');
    expect(messages.at(-1)!.text).toBe('message 300');
  });

  it('in a group, keeps each sender on their own message and ties none of them to the group', () => {
    const group = detected(read('messenger-group'));
    expect(group.customer.userId).toBeUndefined();
    expect(group.customer.profileUrl).toBeUndefined();
    expect(group.messages.map((m) => m.author)).toEqual([{ displayName: 'Marco' }, { displayName: 'Priya' }, { displayName: 'You' }, { displayName: 'Marco' }]);
  });

  it('in the older layout, never guesses who wrote messages shown before any sender heading', () => {
    const context = detected(read('messenger-gridcell', { change: (d) => d.querySelector('[data-scope="messages_table"] h5')!.remove() }));
    expect(context.messages.map((m) => m.text)).toEqual(['¡Hola Lucía! Sí, la tenemos. ¿Te envío el enlace?', 'Sí, por favor 🙏', '[Size chart]']);
  });

  it('still reads a log that lost its label, naming the peer from their messages', () => {
    const context = detected(read('messenger-thread', { change: (d) => d.querySelector('[role="log"]')!.removeAttribute('aria-label') }));
    expect(context.customer).toEqual({ platform: 'facebook', handle: '100012345678901', displayName: 'Jane', profileUrl: 'https://www.facebook.com/profile.php?id=100012345678901', userId: '100012345678901' });
    expect(context.messages).toHaveLength(7);
  });

  it('never gives an empty handle, even when the log names nobody', () => {
    const context = detected(read('messenger-gridcell', { change: (d) => d.querySelector('[role="grid"][aria-label^="Messages"]')!.setAttribute('aria-label', 'Messages in conversation with  ') }));
    expect(context.customer).toEqual({ platform: 'facebook', handle: 'Lucía Fernández', displayName: 'Lucía Fernández' });
  });

  it('says so when the thread has not loaded', () => {
    const context = read('messenger-thread', { change: (d) => d.querySelector('[role="log"]')!.remove() });
    expect(context).toEqual({ ok: false, platform: 'facebook', reason: expect.stringMatching(/conversation has not loaded/) });
  });
});

describe('posts', () => {
  it('count the signed-in account’s comments as the agent’s once the comment box says who that is', () => {
    const post = detected(read('group-post', { change: (d) => mountCommentComposer(d, 'Acme Store') }));
    expect(post.messages.map((m) => `${m.author.displayName}: ${m.role}`)).toEqual([
      'Priya Shah: customer',
      'Jane Doe: customer',
      'Acme Store: agent',
      'Jane Doe: customer',
      'Marco Rossi: customer',
      'Omar Haddad: customer',
    ]);
    const modal = detected(read('post-modal', { change: (d) => mountCommentComposer(d, 'Acme Store') }));
    expect(modal.messages.filter((m) => m.role === 'agent').map((m) => m.text)).toEqual(['Thank you Marco! 💙']);
  });

  it('in a modal, are read from the modal only; the feed behind it is no conversation', () => {
    const modal = detected(read('post-modal'));
    expect(modal.messages.map((m) => m.text)).not.toContain("Can't wait!");
    const feed = read('post-modal', { change: (d) => d.querySelector('[role="dialog"]')!.remove() });
    expect(feed).toEqual({ ok: false, platform: 'facebook', reason: expect.stringMatching(/No conversation open/) });
  });

  it('opened in a modal or on their own page, are the same conversation', () => {
    const inModal = detected(read('post-modal'));
    const onItsPage = detected(read('post-modal', { url: 'https://www.facebook.com/marco.rossi.92/posts/pfbid0Gk3uLmN7qRsTvWx1Yz2?__cft__[0]=AZY9&__tn__=%2CO%2CP-R' }));
    expect(onItsPage).toEqual(inModal);
  });

  it('find comments in any language through their links to themselves', () => {
    const french = read('group-post', {
      change: (d) => d.querySelectorAll('[role="article"][aria-label]').forEach((a) => a.setAttribute('aria-label', `Commentaire de ${a.getAttribute('aria-label')}`)),
    });
    expect(detected(french).messages).toEqual(detected(read('group-post')).messages);
  });

  it('keep a labelled comment whose own links are gone, named from its label', () => {
    const unlinked = (...names: string[]) => (d: Document) => names.forEach((name) => d.querySelectorAll(`[aria-label^="Comment by ${name}"] a`).forEach((a) => a.remove()));
    const context = detected(read('group-post', { change: unlinked('Omar', 'Marco') }));
    expect(context.messages.slice(-2)).toEqual([
      { role: 'customer', author: { displayName: 'Marco Rossi' }, text: '<img src=x onerror=alert(1)> lol, mine is fine' },
      { role: 'customer', author: { displayName: 'Omar Haddad' }, text: 'هل يوجد ضمان على الغطاء؟' },
    ]);
  });

  it('say so when the post’s author cannot be found', () => {
    const context = read('group-post', { change: (d) => d.querySelectorAll('[data-ad-rendering-role="profile_name"], h3').forEach((el) => el.remove()) });
    expect(context).toEqual({ ok: false, platform: 'facebook', reason: expect.stringMatching(/author could not be found/) });
    // Still rendering: the author's link is there, their name not yet.
    const unnamed = read('group-post', { change: (d) => (d.querySelector('[data-ad-rendering-role="profile_name"] a')!.textContent = '') });
    expect(unnamed).toMatchObject({ ok: false, reason: expect.stringMatching(/author could not be found/) });
  });
});

describe('Business Suite inbox', () => {
  const inbox = (query: string, path = 'all') => `https://business.facebook.com/latest/inbox/${path}?${query}`;

  it('is the same thread whichever tab and tracking parameters show it', () => {
    const all = detected(read('business-inbox'));
    const tab = detected(read('business-inbox', { url: inbox('selected_item_id=100045678901234&cquick=jsc_c_1k&asset_id=1122334455&thread_type=FB_MESSAGE', 'messenger') }));
    expect(tab.conversationKey).toBe(all.conversationKey);
    expect(tab.permalink).toBe(all.permalink);
  });

  it('keeps Instagram threads on the Facebook platform, keyed by the selected item', () => {
    const context = detected(read('business-inbox', { url: inbox('asset_id=1122334455&selected_item_id=17841400000000000&thread_type=IG_MESSAGE', 'instagram') }));
    expect(context).toMatchObject({ platform: 'facebook', conversationKey: 'facebook:dm:17841400000000000', customer: { handle: '17841400000000000' } });
  });

  it("takes the name and messages as a bonus where the thread is drawn with Messenger's own markup", () => {
    const messenger = readFixtureHtml(fixture('messenger-thread').file);
    const { url, document } = loadPage(messenger, fixture('business-inbox').url);
    const context = detected(facebookAdapter.read(url, document));
    expect(context.customer).toEqual({ platform: 'facebook', handle: '100045678901234', displayName: 'Jane Doe' });
    expect(context.messages).toHaveLength(7);
  });

  it('with no thread selected, says that no conversation is open', () => {
    expect(read('business-inbox', { url: inbox('asset_id=1122334455') })).toMatchObject({ ok: false, reason: expect.stringMatching(/No conversation open/) });
  });
});
