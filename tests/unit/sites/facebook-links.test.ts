/** Facebook links to one canonical form: the same person or comment, whatever tracking or layout wraps it. */
import { describe, expect, it } from 'vitest';
import { commentFromLink, postFromLink, profileFromLink } from '../../../lib/sites/facebook-links';

const page = new URL('https://www.facebook.com/groups/acmefans/posts/987654321/');
const post = 'https://www.facebook.com/groups/acmefans/posts/987654321';

describe('profileFromLink', () => {
  it.each([
    ['/jane.doe.5?comment_id=Y29t&__cft__[0]=AZ&__tn__=R]-R', { handle: 'jane.doe.5', profileUrl: 'https://www.facebook.com/jane.doe.5' }],
    ['https://web.facebook.com/jane.doe.5/', { handle: 'jane.doe.5', profileUrl: 'https://www.facebook.com/jane.doe.5' }],
    ['https://www.facebook.com/profile.php?id=100034567890123&comment_id=Y2', { handle: '100034567890123', userId: '100034567890123', profileUrl: 'https://www.facebook.com/profile.php?id=100034567890123' }],
    ['/groups/acmefans/user/100023456789012/?__cft__[0]=AZ', { handle: '100023456789012', userId: '100023456789012', profileUrl: 'https://www.facebook.com/profile.php?id=100023456789012' }],
    ['/people/Jane-Doe/100012345678901/', { handle: '100012345678901', userId: '100012345678901', profileUrl: 'https://www.facebook.com/profile.php?id=100012345678901' }],
  ])('reads %s as one person', (href, expected) => expect(profileFromLink(href, page)).toEqual(expected));

  it.each(['/groups/acmefans/badges/', '/messages/t/100012345678901/', '/hashtag/acme', '/AcmeStore/posts/pfbid02', 'https://www.instagram.com/jane.doe/', '/profile.php?id=abc', 'http://[', ''])(
    'does not take %s for a person',
    (href) => expect(profileFromLink(href, page)).toBeUndefined(),
  );
});

describe('commentFromLink', () => {
  it('gives a reply its own id under its comment, whatever the order of the parameters', () => {
    const reply = { id: '5566778899', permalink: `${post}?comment_id=1122334455&reply_comment_id=5566778899` };
    expect(commentFromLink(`${post}/?comment_id=1122334455&reply_comment_id=5566778899&__tn__=R]-R`, post)).toEqual(reply);
    expect(commentFromLink(`${post}/?__cft__[0]=AZ&reply_comment_id=5566778899&comment_id=1122334455#x`, post)).toEqual(reply);
  });

  it('keeps the post’s own query in the permalink', () => {
    expect(commentFromLink('/permalink.php?story_fbid=123&id=100064&comment_id=77', 'https://www.facebook.com/permalink.php?story_fbid=123&id=100064')).toEqual({
      id: '77',
      permalink: 'https://www.facebook.com/permalink.php?story_fbid=123&id=100064&comment_id=77',
    });
  });

  it('does not take an author’s link, which carries a comment id too, for the comment', () => {
    expect(commentFromLink('https://www.facebook.com/jane.doe.5?comment_id=Y29tbWVudDo5OA%3D%3D', post)).toBeUndefined();
    expect(commentFromLink('https://www.facebook.com/profile.php?id=1000&comment_id=Y29t', post)).toBeUndefined();
  });
});

describe('postFromLink', () => {
  it('names a post by its id and drops tracking, but not a link to one of its comments', () => {
    expect(postFromLink('https://www.facebook.com/marco.rossi.92/posts/pfbid0Gk3?__cft__[0]=AZY9&__tn__=%2CO%2CP-R', page)).toEqual({ id: 'pfbid0Gk3', permalink: 'https://www.facebook.com/marco.rossi.92/posts/pfbid0Gk3' });
    expect(postFromLink('https://m.facebook.com/permalink.php?story_fbid=123&id=100064&ref=feed', page)).toEqual({ id: '123', permalink: 'https://www.facebook.com/permalink.php?story_fbid=123&id=100064' });
    expect(postFromLink(`${post}/?comment_id=1`, page)).toBeUndefined();
  });
});
