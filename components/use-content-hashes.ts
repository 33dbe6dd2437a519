import { useEffect, useState } from 'preact/hooks';
import { contentHashes } from '../lib/desk/hash';
import type { PageMessage, Platform } from '../lib/sites/types';

const none: string[] = [];

export interface ContentHashes {
  /** One per message; undefined until they are known. */
  hashes: string[] | undefined;
  /** Hashes the messages now (logging does, so that what was just logged is recognised at once). */
  prepare: () => Promise<unknown>;
}

/**
 * The content hashes of the page's messages, as the background computes them when logging, to tell
 * which are already stored. Hashing is asynchronous (Web Crypto). With nothing stored (`needed`
 * false: no ticket yet, the common case on a page the agent opens), every message is new and
 * nothing is hashed until the agent logs.
 */
export function useContentHashes(platform: Platform, messages: readonly PageMessage[], needed: boolean): ContentHashes {
  const [computed, setComputed] = useState<{ messages: readonly PageMessage[]; hashes: string[] }>();
  const fits = computed !== undefined && (computed.messages === messages || sameMessages(computed.messages, messages));
  const prepare = () => contentHashes(platform, messages).then((hashes) => setComputed({ messages, hashes }), () => undefined);
  useEffect(() => {
    if (!needed || fits) return;
    let current = true;
    void contentHashes(platform, messages).then((hashes) => current && setComputed({ messages, hashes }));
    return () => {
      current = false;
    };
  }, [platform, messages, needed]);
  // The page is re-read on every change, with equal messages most times: keep the last answer while it still fits.
  return { hashes: !needed ? none : fits ? computed.hashes : undefined, prepare };
}

const sameMessages = (a: readonly PageMessage[], b: readonly PageMessage[]) =>
  a.length === b.length && a.every((m, i) => m.siteId === b[i].siteId && m.text === b[i].text && m.role === b[i].role && m.timeLabel === b[i].timeLabel && m.sentAt === b[i].sentAt);
