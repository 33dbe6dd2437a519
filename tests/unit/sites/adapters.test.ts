/** Every adapter on every fixture: each field of the context the fixture's registry expects. */
import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../../lib/sites';
import { fixtures } from '../../fixtures';
import { loadPage, readFixtureHtml } from '../../fixtures/load';

describe.each(fixtures)('$name', (fixture) => {
  const { url, document } = loadPage(readFixtureHtml(fixture.file), fixture.url);
  const context = adapterFor(url)!.read(url, document);
  const expected = fixture.expected;

  it('is read by the adapter of its site', () => {
    expect(adapterFor(url)?.platform).toBe(expected.platform);
    expect(context.platform).toBe(expected.platform);
    expect(context.ok).toBe(expected.ok);
  });

  if (!expected.ok) {
    it('says why nothing was detected', () => {
      expect(context.ok ? '' : context.reason).toMatch(expected.reason);
    });
    return;
  }

  it('reads the conversation', () => {
    if (!context.ok) throw new Error(`not detected: ${context.reason}`);
    expect(context.kind).toBe(expected.kind);
    expect(context.channel).toBe(expected.channel);
    expect(context.conversationKey).toBe(expected.conversationKey);
    expect(context.permalink).toBe(expected.permalink);
    expect(context.customer).toEqual(expected.customer);
  });

  it('reads the messages', () => {
    if (!context.ok) throw new Error(`not detected: ${context.reason}`);
    expect(context.messages).toHaveLength(expected.messageCount);
    expected.messages.forEach((message, i) => expect(context.messages[i]).toMatchObject(message));
    if (expected.lastMessage) expect(context.messages.at(-1)).toMatchObject(expected.lastMessage);
  });
});
