import { useEffect, useState } from 'preact/hooks';
import { contentHashes } from '../lib/desk/hash';
import type { PageMessage, Platform } from '../lib/sites/types';

/**
 * The content hashes of the page's messages, as the background computes them when logging. Hashing
 * is asynchronous (Web Crypto): until the hashes of these messages are known, undefined.
 */
export function useContentHashes(platform: Platform, messages: readonly PageMessage[]): string[] | undefined {
  const [computed, setComputed] = useState<{ messages: readonly PageMessage[]; hashes: string[] }>();
  useEffect(() => {
    let current = true;
    void contentHashes(platform, messages).then((hashes) => current && setComputed({ messages, hashes }));
    return () => {
      current = false;
    };
  }, [platform, messages]);
  // The page is re-read on every change, with equal messages most times: keep the last answer while it still fits.
  if (!computed) return undefined;
  return computed.messages === messages || sameMessages(computed.messages, messages) ? computed.hashes : undefined;
}

const sameMessages = (a: readonly PageMessage[], b: readonly PageMessage[]) =>
  a.length === b.length && a.every((m, i) => m.siteId === b[i].siteId && m.text === b[i].text && m.role === b[i].role && m.timeLabel === b[i].timeLabel && m.sentAt === b[i].sentAt);
