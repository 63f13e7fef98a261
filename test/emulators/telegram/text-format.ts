// parse_mode: the text a chat shows (and whose length counts) is the text after entity
// parsing (reference §2). HTML follows Telegram's parser (TDLib's parse_html) and its error
// wording; one deliberate difference: a bare "&" that starts no entity is refused, where
// Telegram keeps it literally. Text that reaches HTML mode unescaped breaks on the next "<"
// anyway, so the emulator reports it at the first sign. Markdown modes are passed through.
import { badRequest } from './answers';
import type { MessageEntity } from './types';

export interface Formatted {
  text: string;
  entities: MessageEntity[];
}

const ENTITY_OF: Record<string, string> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', span: 'spoiler',
  code: 'code', pre: 'pre', a: 'text_link', blockquote: 'blockquote', 'tg-emoji': 'custom_emoji',
};

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

const cantParse = (what: string) => badRequest(`can't parse entities: ${what}`);

interface Open {
  tag: string;
  attrs: Record<string, string>;
  offset: number;
}

/** Decodes the entity at src[i] ('&'); returns [text, next index] or null. */
function decodeEntity(src: string, i: number): [string, number] | null {
  const m = /^&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/i.exec(src.slice(i, i + 12));
  if (!m) return null;
  if (m[3] !== undefined) {
    const named = NAMED[m[3].toLowerCase()];
    return named === undefined ? null : [named, i + m[0].length];
  }
  const code = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  return [String.fromCodePoint(code), i + m[0].length];
}

export function parseHtml(src: string): Formatted {
  const byteAt = (i: number): number => Buffer.byteLength(src.slice(0, i));
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let text = '';
  let i = 0;
  const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
  while (i < src.length) {
    const c = src[i]!;
    if (c === '&') {
      const decoded = decodeEntity(src, i);
      if (!decoded) throw cantParse(`Unescaped "&" at byte offset ${byteAt(i)} (write &amp;)`);
      text += decoded[0];
      i = decoded[1];
      continue;
    }
    if (c !== '<') {
      text += c;
      i++;
      continue;
    }
    const tagStart = i;
    i++;
    if (src[i] === '/') {
      i++;
      const nameStart = i;
      while (i < src.length && !isSpace(src[i]) && src[i] !== '>') i++;
      const name = src.slice(nameStart, i).toLowerCase();
      if (!stack.length) throw cantParse(`Unexpected end tag at byte offset ${byteAt(tagStart)}`);
      while (isSpace(src[i])) i++;
      if (src[i] !== '>') throw cantParse(`Unclosed end tag at byte offset ${byteAt(tagStart)}`);
      i++;
      const open = stack.pop()!;
      if (name && name !== open.tag) throw cantParse(`Unmatched end tag at byte offset ${byteAt(tagStart)}, expected "</${open.tag}>", found "</${name}>"`);
      if (text.length > open.offset) entities.push(entityFor(open, text.length));
      continue;
    }
    const nameStart = i;
    while (i < src.length && !isSpace(src[i]) && src[i] !== '>') i++;
    if (i >= src.length) throw cantParse(`Unclosed start tag at byte offset ${byteAt(tagStart)}`);
    const tag = src.slice(nameStart, i).toLowerCase();
    if (!(tag in ENTITY_OF)) throw cantParse(`Unsupported start tag "${tag}" at byte offset ${byteAt(tagStart)}`);
    const attrs: Record<string, string> = {};
    for (;;) {
      while (isSpace(src[i])) i++;
      if (i >= src.length) throw cantParse(`Unclosed start tag "${tag}" at byte offset ${byteAt(tagStart)}`);
      if (src[i] === '>') break;
      const attrStart = i;
      while (i < src.length && !isSpace(src[i]) && !'=>/"\''.includes(src[i]!)) i++;
      const attr = src.slice(attrStart, i).toLowerCase();
      if (!attr) throw cantParse(`Empty attribute name in the tag "${tag}" at byte offset ${byteAt(tagStart)}`);
      while (isSpace(src[i])) i++;
      if (src[i] !== '=') {
        attrs[attr] = '';
        continue;
      }
      i++;
      while (isSpace(src[i])) i++;
      let value = '';
      const quote = src[i];
      if (quote === '"' || quote === "'") {
        i++;
        while (i < src.length && src[i] !== quote) {
          const decoded = src[i] === '&' ? decodeEntity(src, i) : null;
          if (decoded) {
            value += decoded[0];
            i = decoded[1];
          } else value += src[i++];
        }
        if (i >= src.length) throw cantParse(`Unclosed start tag at byte offset ${byteAt(tagStart)}`);
        i++;
      } else {
        const valueStart = i;
        while (i < src.length && /[A-Za-z0-9.-]/.test(src[i]!)) i++;
        value = src.slice(valueStart, i).toLowerCase();
        if (i < src.length && !isSpace(src[i]) && src[i] !== '>') throw cantParse(`Unexpected end of name token at byte offset ${byteAt(valueStart)}`);
      }
      attrs[attr] = value;
    }
    i++;
    if (tag === 'span' && attrs.class !== 'tg-spoiler') throw cantParse(`Tag "span" must have class "tg-spoiler" at byte offset ${byteAt(tagStart)}`);
    stack.push({ tag, attrs, offset: text.length });
  }
  if (stack.length) throw cantParse(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]!.tag}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

function entityFor(open: Open, end: number): MessageEntity {
  const e: MessageEntity = { type: ENTITY_OF[open.tag]!, offset: open.offset, length: end - open.offset };
  if (open.tag === 'a' && open.attrs.href) e.url = open.attrs.href;
  if (open.tag === 'code' && open.attrs.class?.startsWith('language-')) e.language = open.attrs.class.slice('language-'.length);
  if (open.tag === 'tg-emoji' && open.attrs['emoji-id']) e.custom_emoji_id = open.attrs['emoji-id'];
  return e;
}

/** Applies parse_mode; unknown modes are refused as Telegram does. */
export function formatText(raw: string, parseMode: string | undefined): Formatted {
  if (parseMode === undefined || parseMode === '') return { text: raw, entities: [] };
  const mode = parseMode.toLowerCase();
  if (mode === 'html') return parseHtml(raw);
  if (mode === 'markdownv2' || mode === 'markdown') return { text: raw, entities: [] };
  throw badRequest(`unsupported parse_mode`);
}

/** Length as Telegram counts it for the limits: UTF-16 code units (the stricter of the two counts; §2 UNCERTAIN). */
export const textLength = (s: string): number => s.length;
