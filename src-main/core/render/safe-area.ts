// Where TikTok's own interface sits over a 9:16 video, as fractions of the frame: the tabs and
// status bar along the top, the caption, sound and account lines along the bottom, the
// like/comment/share column on the right. Anything Clipdesk burns in (captions, typed text,
// the creator's watermark) stays inside what is left, so the app never covers it.
export const SAFE_AREA = { top: 0.1, bottom: 0.22, left: 0.06, right: 0.15 } as const;

export interface SafeRect {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Margins in pixels from each edge of the frame. */
  margins: { top: number; bottom: number; left: number; right: number };
}

export function safeRect(width: number, height: number): SafeRect {
  const margins = {
    top: Math.round(height * SAFE_AREA.top),
    bottom: Math.round(height * SAFE_AREA.bottom),
    left: Math.round(width * SAFE_AREA.left),
    right: Math.round(width * SAFE_AREA.right),
  };
  return { x: margins.left, y: margins.top, width: width - margins.left - margins.right, height: height - margins.top - margins.bottom, margins };
}
