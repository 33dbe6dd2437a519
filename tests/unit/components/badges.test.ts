// @vitest-environment happy-dom
/** Badges in the native page: where each site gets one, and how few questions the page costs the background. */
import { describe, expect, it, vi } from 'vitest';
import type { DeskApi } from '../../../components/desk-api';
import { watchBadges } from '../../../lib/content/badges';
import type { Badge, BadgeTarget } from '../../../lib/desk/types';
import type { LiveChange } from '../../../lib/live';
import { facebookBadgeSpots } from '../../../lib/sites/facebook-badges';
import { instagramBadgeSpots } from '../../../lib/sites/instagram-badges';
import { xBadgeSpots } from '../../../lib/sites/x-badges';

const badgeFinders = { x: xBadgeSpots, instagram: instagramBadgeSpots, facebook: facebookBadgeSpots };
import { fixtures } from '../../fixtures';
import { loadPage, readFixtureHtml } from '../../fixtures/load';

const spotsOf = (name: string) => {
  const fixture = fixtures.find((f) => f.name === name)!;
  const { url, document } = loadPage(readFixtureHtml(fixture.file), fixture.url);
  return badgeFinders[fixture.expected.platform](url, document).map(({ target }) => target.conversationKey ?? `${target.identity!.platform}:${target.identity!.handle}`);
};

describe('where badges go', () => {
  it('X: each chat in the inbox, by its thread (inside X’s shadow root)', () => {
    expect(spotsOf('x/chat in the xchatEmbedRoute shadow root')).toEqual([
      'x:dm:1467180915577933824-1589954130475859968',
      'x:dm:1467180915577933824-1712345678901234567',
      'x:dm:g1912731934456459264',
    ]);
  });
  it('X: the author of each post and reply', () => {
    expect(spotsOf('x/post with replies')).toEqual(expect.arrayContaining(['x:jane_doe', 'x:marco_r', 'x:sara_t']));
  });
  it('Instagram: each inbox row and each commenter, by handle', () => {
    expect(spotsOf('instagram/inbox')).toEqual(['instagram:jane.doe', 'instagram:mike_runs']);
    expect(spotsOf('instagram/dm-thread-2026')).toEqual(['instagram:jane.doe', 'instagram:mike_runs', 'instagram:sara_k']);
    expect(spotsOf('instagram/reel-comments')).toEqual(['instagram:trailqueen', 'instagram:hiking.hannah', 'instagram:runclub_berlin']);
  });
  it('Facebook: each chat of the Messenger list, and each commenter', () => {
    expect(spotsOf('facebook/messenger-thread')).toEqual(['facebook:dm:100012345678901', 'facebook:dm:6123456789012345', 'facebook:dm:7012345678901234']);
    expect(spotsOf('facebook/post-modal')).toEqual(expect.arrayContaining(['facebook:jane.doe.5', 'facebook:marco.rossi.92']));
  });
});

/** A chat list as Messenger draws it: one row per thread. */
const row = (id: string) => `<div role="row"><a href="/messages/t/${id}/" role="link"><span>Thread ${id}</span></a></div>`;
const badgesShown = () => [...document.querySelectorAll('[data-sidedesk-badge]')].map((b) => ({ thread: b.closest('a')!.getAttribute('href'), labels: b.getAttribute('data-labels') }));

function fakeDesk(answer: (target: BadgeTarget) => Badge) {
  let announce: (change: LiveChange) => void = () => {};
  const asked: BadgeTarget[][] = [];
  const desk: DeskApi = {
    call: vi.fn(async (name: string, data: unknown) => {
      if (name !== 'getBadges') throw new Error(`unexpected ${name}`);
      const { targets } = data as { targets: BadgeTarget[] };
      asked.push(targets);
      return targets.map(answer);
    }) as DeskApi['call'],
    subscribe: (listener) => ((announce = listener), () => {}),
  };
  return { desk, asked, announce: (change: LiveChange) => announce(change) };
}

describe('keeping badges current', () => {
  it('asks once for everything on screen, once more for what streams in, and again after a change', async () => {
    document.body.innerHTML = `<div role="grid">${row('1')}${row('2')}${row('3')}</div>`;
    let status: Badge['status'] = 'open';
    const { desk, asked, announce } = fakeDesk((t) => ({ status: t.conversationKey === 'facebook:dm:2' ? status : null, overdue: false, vip: t.conversationKey === 'facebook:dm:3' }));
    const stop = new AbortController();
    watchBadges(facebookBadgeSpots, desk, { signal: stop.signal, quietMs: 0 });

    await vi.waitFor(() => expect(badgesShown()).toEqual([{ thread: '/messages/t/2/', labels: 'Open' }, { thread: '/messages/t/3/', labels: 'VIP' }]));
    expect(asked.map((targets) => targets.length)).toEqual([3]);

    // Rows stream in one by one: answered ones are not asked again, and painting asks nothing.
    for (const id of ['4', '5']) document.querySelector('[role="grid"]')!.insertAdjacentHTML('beforeend', row(id));
    await vi.waitFor(() => expect(asked.flat().map((t) => t.conversationKey)).toContain('facebook:dm:5'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked.flat()).toHaveLength(5);

    status = 'resolved';
    announce({ tables: ['tickets'] });
    await vi.waitFor(() => expect(badgesShown()).toEqual([{ thread: '/messages/t/3/', labels: 'VIP' }]));
    expect(asked.at(-1)).toHaveLength(5);
    stop.abort();
  });

  it('puts a badge back when the site re-renders the row without it, and keeps the row’s own text', async () => {
    document.body.innerHTML = `<div role="grid">${row('7')}</div>`;
    const { desk } = fakeDesk(() => ({ status: 'open', overdue: true, vip: false }));
    const stop = new AbortController();
    watchBadges(facebookBadgeSpots, desk, { signal: stop.signal, quietMs: 0 });
    await vi.waitFor(() => expect(badgesShown()).toEqual([{ thread: '/messages/t/7/', labels: 'Overdue' }]));
    expect(document.querySelector('a')!.textContent).toBe('Thread 7');

    document.querySelector('[role="grid"]')!.innerHTML = row('7');
    await vi.waitFor(() => expect(badgesShown()).toEqual([{ thread: '/messages/t/7/', labels: 'Overdue' }]));
    stop.abort();
  });
});
