// The caption as TikTok reads it: length in UTF-16 code units, tags and mentions only after
// whitespace, and hints for what will not become a link (tiktok-api.md §3.2).
import { describe, expect, it } from 'vitest';
import { analyzeCaption, captionLength, captionTextProblem } from '../../src-shared/tiktok/caption';
import { CAPTION_MAX_UTF16 } from '../../src-shared/tiktok/post-settings';

describe('captionLength', () => {
  it.each<[string, string, number]>([
    ['empty', '', 0],
    ['ASCII', 'hello', 5],
    ['an accented letter (precomposed)', 'café', 4],
    ['CJK', '日本', 2],
    ['an emoji outside the BMP counts 2', '😀', 2],
    ['a family emoji (ZWJ sequence) counts 8', '👩‍👩‍👧', 8],
    ['a flag counts 4', '🇯🇵', 4],
    ['a line break counts 1', 'a\nb', 3],
  ])('%s', (_name, text, expected) => {
    expect(captionLength(text)).toBe(expected);
  });
});

describe('analyzeCaption: length', () => {
  it('an empty caption is fine and says nothing', () => {
    expect(analyzeCaption('')).toEqual({ length: 0, max: 2200, remaining: 2200, over: false, hashtags: [], mentions: [], hints: [] });
  });

  it('exactly 2200 code units is allowed', () => {
    const a = analyzeCaption('x'.repeat(CAPTION_MAX_UTF16));
    expect(a).toMatchObject({ length: 2200, remaining: 0, over: false, hints: [] });
  });

  it('2201 is over, with a hint naming how many characters to remove', () => {
    const a = analyzeCaption('x'.repeat(2201));
    expect(a).toMatchObject({ length: 2201, remaining: -1, over: true });
    expect(a.hints).toEqual(["The caption is 1 character over TikTok's limit of 2,200: remove 1 character (emoji count as 2 or more)"]);
  });

  it('emoji push a caption over the limit the way TikTok counts them', () => {
    const a = analyzeCaption('x'.repeat(2195) + '👩‍👩‍👧');
    expect(a).toMatchObject({ length: 2203, over: true, remaining: -3 });
    expect(a.hints[0]).toContain('remove 3 characters');
  });
});

describe('analyzeCaption: hashtags and mentions', () => {
  it('recognises tags and mentions at the start and after spaces or line breaks', () => {
    const a = analyzeCaption('#first words #second\n#third @maria and\t@joe_1');
    expect(a.hashtags).toEqual(['first', 'second', 'third']);
    expect(a.mentions).toEqual(['maria', 'joe_1']);
    expect(a.hints).toEqual([]);
  });

  it('a tag ends at punctuation or an emoji', () => {
    expect(analyzeCaption('love it #cat! #dog, #sun😀').hashtags).toEqual(['cat', 'dog', 'sun']);
  });

  it('Unicode letters count: #café, #日本, a decomposed é, digits and underscores', () => {
    expect(analyzeCaption('#café #日本 #cafe\u0301 #top_10 #2024').hashtags).toEqual(['café', '日本', 'cafe\u0301', 'top_10', '2024']);
  });

  it('lists each tag and mention once, in order of first appearance', () => {
    const a = analyzeCaption('#a @x #b #a @x');
    expect(a.hashtags).toEqual(['a', 'b']);
    expect(a.mentions).toEqual(['x']);
  });

  it('a mention keeps dots inside the username but not a full stop after it', () => {
    expect(analyzeCaption('thanks @maria.g and @joe.').mentions).toEqual(['maria.g', 'joe']);
  });

  it('funny#cat is not a tag, and the hint says to put a space before #', () => {
    const a = analyzeCaption('so funny#cat');
    expect(a.hashtags).toEqual([]);
    expect(a.hints).toEqual(['“funny#cat” will not become a hashtag: put a space before #']);
  });

  it('a tag glued to a tag: the first counts, the hint names the second', () => {
    const a = analyzeCaption('#funny#cat');
    expect(a.hashtags).toEqual(['funny']);
    expect(a.hints).toEqual(['“#cat” in “#funny#cat” will not become a hashtag: put a space before #']);
  });

  it('several glued tags in one word are each named', () => {
    expect(analyzeCaption('a#b#c').hints).toEqual([
      '“#b” in “a#b#c” will not become a hashtag: put a space before #',
      '“#c” in “a#b#c” will not become a hashtag: put a space before #',
    ]);
  });

  it('an email address is not a mention and draws no hint', () => {
    const a = analyzeCaption('write to me@example.com');
    expect(a.mentions).toEqual([]);
    expect(a.hints).toEqual([]);
  });

  it('a # with nothing after it inside a word (C#, no. #) is left alone', () => {
    expect(analyzeCaption('I code C# daily')).toMatchObject({ hashtags: [], hints: [] });
  });

  it('an empty tag gets a hint', () => {
    const a = analyzeCaption('look # here #! ok');
    expect(a.hashtags).toEqual([]);
    expect(a.hints).toEqual([
      '“#” is an empty hashtag: write the tag right after the #, with no space',
      '“#!” is an empty hashtag: write the tag right after the #, with no space',
    ]);
  });

  it('the same slip twice is hinted once', () => {
    expect(analyzeCaption('funny#cat funny#cat').hints).toHaveLength(1);
  });

  it('a lone @ is not a mention and draws no hint ("meet @ 5")', () => {
    expect(analyzeCaption('meet @ 5')).toMatchObject({ mentions: [], hints: [] });
  });
});

describe('captionTextProblem', () => {
  it.each([
    ['a lone high surrogate', 'Sunset \ud83c', 8],
    ['a lone low surrogate', '\udf05 first', 1],
    ['two halves in the wrong order', 'ab\udf05\ud83c', 3],
  ])('refuses %s, naming where it is', (_what, text, position) => {
    expect(captionTextProblem(text)).toBe(
      `The caption has a broken character at position ${position} (half of an emoji or other character, a lone UTF-16 surrogate) that would be saved as “�”: retype or remove it.`,
    );
  });

  it.each(['', 'Sunset 🌅 #beach', '👩‍👩‍👧 日本語 café', 'replacement � typed on purpose'])('accepts well-formed text: %s', (text) => {
    expect(captionTextProblem(text)).toBeNull();
  });
});
