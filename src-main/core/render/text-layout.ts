// Typed text for drawtext, which draws what it is given and never wraps: the words are broken
// into lines here and the size chosen so the block fits the safe area's width.

export interface TextLayout {
  lines: string[];
  fontSize: number;
  lineHeight: number;
}

/**
 * DejaVu Sans's average advance is about 0.55 em for mixed text; 0.6 keeps a margin so a
 * line of wide letters still fits. Wide characters (CJK, most emoji) take about twice that.
 */
const EM_PER_CHAR = 0.6;

function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return n;
}

/** Greedy word wrap to `maxColumns`; a word longer than a line is split. */
export function wrapText(text: string, maxColumns: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while (columns(rest) > maxColumns) {
        if (line) {
          lines.push(line);
          line = '';
        }
        const chars = Array.from(rest);
        let head = '';
        while (chars.length && columns(head + chars[0]) <= maxColumns) head += chars.shift();
        lines.push(head);
        rest = chars.join('');
      }
      if (!rest) continue;
      const candidate = line ? `${line} ${rest}` : rest;
      if (columns(candidate) <= maxColumns) line = candidate;
      else {
        lines.push(line);
        line = rest;
      }
    }
    if (line) lines.push(line);
  }
  return lines;
}

/**
 * The largest size from about 4.5% of the frame height down to 2.2% at which the text fits
 * `maxWidth` and `maxHeight`; at the smallest size it is wrapped to the width regardless.
 */
export function layoutText(text: string, maxWidth: number, maxHeight: number, frameHeight: number): TextLayout {
  const largest = Math.round(frameHeight * 0.045);
  const smallest = Math.max(12, Math.round(frameHeight * 0.022));
  let fontSize = largest;
  for (;;) {
    const lineHeight = Math.round(fontSize * 1.25);
    const lines = wrapText(text, Math.max(1, Math.floor(maxWidth / (fontSize * EM_PER_CHAR))));
    if (lines.length * lineHeight <= maxHeight || fontSize <= smallest) return { lines, fontSize, lineHeight };
    fontSize = Math.max(smallest, Math.floor(fontSize * 0.9));
  }
}
