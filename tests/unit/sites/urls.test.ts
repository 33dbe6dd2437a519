/** Each URL detection matches its own examples and none of the others'. */
import { describe, expect, it } from 'vitest';
import * as urls from '../../../lib/sites/urls';

const detections = Object.entries(urls).filter(([name]) => name.startsWith('is')) as [string, (url: URL) => boolean][];
const allExamples = Object.entries(urls.examples).flatMap(([owner, list]) => list.map((href) => ({ owner, href })));

describe.each(detections)('%s', (name, detect) => {
  it('has examples', () => expect(urls.examples[name]?.length).toBeGreaterThan(0));
  it.each(allExamples)('$href', ({ owner, href }) => {
    expect(detect(new URL(href))).toBe(owner === name);
  });
});

it('matches no page outside the networks or on their reserved paths', () => {
  const others = ['https://example.com/jane', 'https://x.com/home', 'https://x.com/explore', 'https://x.com/i/bookmarks', 'https://www.instagram.com/explore/', 'https://www.facebook.com/', 'https://x.com/settings/account'];
  for (const href of others) for (const [name, detect] of detections) expect(detect(new URL(href)), `${name} ${href}`).toBe(false);
});
