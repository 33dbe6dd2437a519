// @vitest-environment happy-dom
/** Following the page: a read that finds the same context as the one shown renders nothing again. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { watchPage } from '../../../lib/content/watch-page';
import type { PageContext, SiteAdapter } from '../../../lib/sites/types';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame', 'performance'] }));
afterEach(() => vi.useRealTimers());

const context = (texts: string[]): PageContext => ({
  ok: true,
  platform: 'x',
  kind: 'dm',
  channel: 'dm',
  conversationKey: 'x:dm:1-2',
  permalink: 'https://x.com/i/chat/1-2',
  customer: { platform: 'x', handle: 'jane', displayName: 'Jane' },
  messages: texts.map((text) => ({ role: 'customer', author: { handle: 'jane', displayName: 'Jane' }, text })),
});

it('shows a changed context, and not again a page that changed around the same one', async () => {
  let texts = ['hi'];
  const adapter: SiteAdapter = { platform: 'x', read: () => context(texts) };
  const onChange = vi.fn();
  const controller = new AbortController();
  watchPage(adapter, onChange, { signal: controller.signal });
  expect(onChange).toHaveBeenCalledTimes(1);

  document.body.append(document.createElement('div')); // a typing indicator: same messages
  await vi.advanceTimersByTimeAsync(500);
  expect(onChange).toHaveBeenCalledTimes(1);

  texts = ['hi', 'anyone there?'];
  document.body.append(document.createElement('div'));
  await vi.advanceTimersByTimeAsync(500);
  expect(onChange).toHaveBeenCalledTimes(2);
  expect(onChange.mock.lastCall![0].context.messages).toHaveLength(2);
  controller.abort();
});
