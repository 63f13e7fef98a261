// A TikTok caption as TikTok reads it: its length in TikTok's unit, the hashtags and mentions it
// will turn into links, and plain-word hints for what will not (tiktok-api.md §3.2). Pure: the
// composer shows it while the creator types, and the publisher checks the same numbers.
import { CAPTION_MAX_UTF16 } from './post-settings';

export interface CaptionAnalysis {
  /** In UTF-16 code units, as TikTok counts. */
  length: number;
  max: number;
  /** `max - length`; negative when the caption is too long. */
  remaining: number;
  over: boolean;
  /** Tag names without the `#`, in order of first appearance, each once. */
  hashtags: string[];
  /** Usernames without the `@`, in order of first appearance, each once. */
  mentions: string[];
  /** What the creator may want to fix, in plain words; empty when there is nothing to say. */
  hints: string[];
}

/**
 * TikTok's limit is 2200 UTF-16 code units, which is exactly JavaScript's `.length`: an emoji
 * like 😀 counts as 2 and a family like 👩‍👩‍👧 as 8 — more than it looks, and TikTok counts it so.
 */
export function captionLength(text: string): number {
  return text.length;
}

// With the u flag \p{Cs} matches only a surrogate that is not half of a pair: a paired one is
// read as the code point it encodes. Such text is not valid Unicode; UTF-8 (SQLite, JSON on
// the wire, TikTok's API) cannot carry it and stores U+FFFD instead (docs/security.md).
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why a caption is not valid text, or null: a lone UTF-16 surrogate (half an emoji, say, from
 * a script that cut a string in the middle) would be saved as "�". Refused rather than changed.
 */
export function captionTextProblem(text: string): string | null {
  const at = text.search(LONE_SURROGATE);
  if (at < 0) return null;
  return `The caption has a broken character at position ${at + 1} (half of an emoji or other character, a lone UTF-16 surrogate) that would be saved as “�”: retype or remove it.`;
}

// Letters and digits of any script (so #café and #日本 are tags), their combining marks (a
// decomposed é), and the underscore. Anything else — punctuation, emoji, a second # — ends a tag.
const TAG_RUN = /^[\p{L}\p{M}\p{N}_]+/u;
// TikTok usernames: ASCII letters, digits, underscores and dots, never ending in a dot (so the
// full stop in "thanks @maria." is the sentence's, not the name's).
const MENTION_RUN = /^[A-Za-z0-9_.]+/;
const WORDS = /\S+/gu;

export function analyzeCaption(text: string): CaptionAnalysis {
  const length = captionLength(text);
  const hashtags: string[] = [];
  const mentions: string[] = [];
  const hints: string[] = [];
  const addOnce = (list: string[], item: string): void => {
    if (!list.includes(item)) list.push(item);
  };

  // TikTok only links a # or @ at the start of the caption or after a space or line break
  // (`funny#cat` is no tag), so the caption is read one whitespace-separated word at a time.
  for (const [word] of text.matchAll(WORDS)) {
    if (word.startsWith('#')) {
      const tag = TAG_RUN.exec(word.slice(1))?.[0];
      if (tag) addOnce(hashtags, tag);
      // "##cat" is handled below as a glued #; a lone # (or "#!") is a tag with nothing in it.
      else if (word[1] !== '#') addOnce(hints, `“${word}” is an empty hashtag: write the tag right after the #, with no space`);
    } else if (word.startsWith('@')) {
      const name = MENTION_RUN.exec(word.slice(1))?.[0]?.replace(/\.+$/, '');
      if (name) addOnce(mentions, name);
    }
    const glued = gluedHashtags(word);
    // One glued tag in an otherwise plain word is the common slip ("funny#cat"): name the word.
    // With several, or after a real tag ("#funny#cat"), name each tag that will be lost.
    if (glued.length === 1 && !word.startsWith('#')) addOnce(hints, `“${word}” will not become a hashtag: put a space before #`);
    else for (const tag of glued) addOnce(hints, `“${tag}” in “${word}” will not become a hashtag: put a space before #`);
  }

  if (length > CAPTION_MAX_UTF16) {
    const extra = length - CAPTION_MAX_UTF16;
    hints.push(
      `The caption is ${extra} ${extra === 1 ? 'character' : 'characters'} over TikTok's limit of ${CAPTION_MAX_UTF16.toLocaleString('en-US')}: remove ${extra} ${extra === 1 ? 'character' : 'characters'} (emoji count as 2 or more)`,
    );
  }

  return { length, max: CAPTION_MAX_UTF16, remaining: CAPTION_MAX_UTF16 - length, over: length > CAPTION_MAX_UTF16, hashtags, mentions, hints };
}

/**
 * The would-be tags inside a word that TikTok will not link: a # after some other character and
 * followed by tag characters ("funny#cat" → "#cat"). A # with no tag after it ("C#", "no. #")
 * is not an attempt at a tag, so it is left alone.
 */
function gluedHashtags(word: string): string[] {
  const found: string[] = [];
  for (let i = 1; i < word.length; i += 1) {
    if (word[i] !== '#') continue;
    const tag = TAG_RUN.exec(word.slice(i + 1))?.[0];
    if (tag) found.push(`#${tag}`);
  }
  return found;
}
