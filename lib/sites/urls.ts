/**
 * Every page Sidedesk recognises, each a one-line pure function of the URL, with the URLs it must
 * match right beside it (the style of github-url-detection). One test runs every detection against
 * every example: each matches its own examples and none of the others'.
 */
export const examples: Record<string, string[]> = {};
const path = (url: URL) => url.pathname.replace(/\/+$/, '') || '/';
const seg = (url: URL, i: number) => path(url).split('/')[i + 1] ?? '';

// X ------------------------------------------------------------------------------------------
const isXHost = (url: URL) => /^(?:(?:www|mobile)\.)?(?:x|twitter)\.com$/.test(url.hostname);
const xReserved = new Set(['home', 'explore', 'notifications', 'messages', 'i', 'settings', 'search', 'compose', 'login', 'logout', 'signup', 'tos', 'privacy', 'jobs', 'account', 'hashtag', 'intent', 'share', 'lists', 'communities', 'premium', 'verified-choose', 'bookmarks', 'grok']);

export const isXChatThread = (url: URL) => isXHost(url) && /^\/i\/chat\/(?:\d+-\d+|g\d+)$/.test(path(url));
examples.isXChatThread = ['https://x.com/i/chat/1467180915577933824-1589954130475859968', 'https://x.com/i/chat/g1912731934456459264', 'https://x.com/i/chat/12-34/'];

export const isXChatLocked = (url: URL) => isXHost(url) && /^\/i\/chat\/pin/.test(path(url));
examples.isXChatLocked = ['https://x.com/i/chat/pin/recovery', 'https://x.com/i/chat/pin'];

export const isXChatInbox = (url: URL) => isXHost(url) && /^\/i\/chat$/.test(path(url));
examples.isXChatInbox = ['https://x.com/i/chat', 'https://x.com/i/chat/'];

export const isXLegacyDm = (url: URL) => isXHost(url) && /^\/messages\/\d+-\d+$/.test(path(url));
examples.isXLegacyDm = ['https://x.com/messages/1467180915577933824-1589954130475859968', 'https://twitter.com/messages/12-34'];

export const isXPost = (url: URL) => isXHost(url) && /^\/\w{1,20}\/status\/\d+(?:\/(?:photo\/\d|video\/\d|quotes|retweets|likes|analytics))?$/.test(path(url)) && !xReserved.has(seg(url, 0).toLowerCase());
examples.isXPost = ['https://x.com/AcmeSupport/status/1851234567890123456', 'https://x.com/jane_doe/status/1851234567890123456/photo/1', 'https://twitter.com/a/status/1/quotes'];

export const isXProfile = (url: URL) => isXHost(url) && /^\/\w{1,20}(?:\/(?:with_replies|media|likes|highlights|articles|verified_followers|followers|following))?$/.test(path(url)) && !xReserved.has(seg(url, 0).toLowerCase());
examples.isXProfile = ['https://x.com/jane_doe', 'https://x.com/AcmeSupport/with_replies', 'https://twitter.com/jack/media'];

/** `/i/chat/<a>-<b>` or `/messages/<a>-<b>` → "a-b"; `/i/chat/g123` → "g123". */
export const xChatId = (url: URL) => /^\/(?:i\/chat|messages)\/(\d+-\d+|g\d+)/.exec(url.pathname)?.[1];
export const xStatusId = (url: URL) => /\/status\/(\d+)/.exec(url.pathname)?.[1];
export const xProfileHandle = (url: URL) => seg(url, 0);

// Instagram ------------------------------------------------------------------------------------
const isInstagramHost = (url: URL) => /^(?:www\.)?instagram\.com$/.test(url.hostname);
const instagramReserved = new Set(['direct', 'explore', 'accounts', 'reels', 'reel', 'p', 'tv', 'stories', 'about', 'legal', 'developer', 'challenge', 'emails', 'session', 'web', 'api', 'graphql', 'ar', 'directory', 'privacy', 'terms']);

export const isInstagramDmThread = (url: URL) => isInstagramHost(url) && /^\/direct\/t\/[\w-]+$/.test(path(url));
examples.isInstagramDmThread = ['https://www.instagram.com/direct/t/17843251234567890/', 'https://www.instagram.com/direct/t/340282366841710300949128137443944352912'];

export const isInstagramInbox = (url: URL) => isInstagramHost(url) && /^\/direct(?:\/inbox|\/requests)?$/.test(path(url));
examples.isInstagramInbox = ['https://www.instagram.com/direct/inbox/', 'https://www.instagram.com/direct/requests/'];

export const isInstagramPost = (url: URL) => isInstagramHost(url) && /^(?:\/[\w.]{1,30})?\/(?:p|reel|tv)\/[\w-]+(?:\/c\/\d+(?:\/r\/\d+)?)?$/.test(path(url));
examples.isInstagramPost = ['https://www.instagram.com/p/C9xYz12AbCd/', 'https://www.instagram.com/reel/DA1b2c3D4e5/', 'https://www.instagram.com/p/C9xYz12AbCd/c/18012345678901234/r/18098765432109876/', 'https://www.instagram.com/acme.store/p/C9xYz12AbCd/'];

export const isInstagramProfile = (url: URL) => isInstagramHost(url) && /^\/[\w.]{1,30}(?:\/(?:tagged|reels|saved))?$/.test(path(url)) && !instagramReserved.has(seg(url, 0).toLowerCase());
examples.isInstagramProfile = ['https://www.instagram.com/jane.doe/', 'https://www.instagram.com/acme_store/tagged/'];

export const instagramThreadId = (url: URL) => /^\/direct\/t\/([\w-]+)/.exec(url.pathname)?.[1];
export const instagramPostCode = (url: URL) => /\/(?:p|reel|tv)\/([\w-]+)/.exec(url.pathname)?.[1];
export const instagramProfileHandle = (url: URL) => seg(url, 0);

// Facebook, Messenger, Business Suite -----------------------------------------------------------
const isFacebookHost = (url: URL) => /^(?:www\.|web\.|m\.)?facebook\.com$/.test(url.hostname);
const isMessengerHost = (url: URL) => /^(?:www\.)?messenger\.com$/.test(url.hostname);

export const isMessengerThread = (url: URL) => (isFacebookHost(url) && /^\/messages(?:\/e2ee)?\/t\/[\w.-]+$/.test(path(url))) || (isMessengerHost(url) && /^(?:\/e2ee)?\/t\/[\w.-]+$/.test(path(url)));
examples.isMessengerThread = ['https://www.facebook.com/messages/t/100012345678901', 'https://www.facebook.com/messages/e2ee/t/7012345678901234', 'https://www.messenger.com/t/100012345678901/', 'https://www.messenger.com/e2ee/t/7012345678901234'];

export const isBusinessInboxThread = (url: URL) => url.hostname === 'business.facebook.com' && /^\/latest\/inbox\//.test(url.pathname) && url.searchParams.has('selected_item_id');
examples.isBusinessInboxThread = ['https://business.facebook.com/latest/inbox/all?asset_id=1122334455&selected_item_id=100012345678901&thread_type=FB_MESSAGE', 'https://business.facebook.com/latest/inbox/instagram?asset_id=1122334455&selected_item_id=17841400000000000&thread_type=IG_MESSAGE'];

export const isFacebookPost = (url: URL) => isFacebookHost(url) && (/^\/(?:[\w.-]+\/(?:posts|videos)\/[\w-]+|groups\/[\w.-]+\/(?:posts|permalink)\/\d+|reel\/\d+)$/.test(path(url)) || (/^\/(?:permalink|story)\.php$/.test(path(url)) && url.searchParams.has('story_fbid')) || (/^\/(?:photo|watch)$/.test(path(url)) && (url.searchParams.has('fbid') || url.searchParams.has('v'))));
examples.isFacebookPost = ['https://www.facebook.com/AcmeStore/posts/pfbid02Xyz9AbCdEfGh', 'https://www.facebook.com/permalink.php?story_fbid=123456789&id=100064', 'https://www.facebook.com/groups/acmefans/posts/987654321/', 'https://www.facebook.com/photo/?fbid=556677', 'https://www.facebook.com/AcmeStore/videos/1234567890/'];

export const messengerThreadId = (url: URL) => /\/t\/([\w.-]+)/.exec(url.pathname)?.[1];
export const businessInboxThreadId = (url: URL) => url.searchParams.get('selected_item_id') ?? undefined;
export const facebookPostId = (url: URL) => url.searchParams.get('story_fbid') ?? url.searchParams.get('fbid') ?? url.searchParams.get('v') ?? /\/(?:posts|videos|permalink|reel)\/([\w-]+)/.exec(url.pathname)?.[1];
