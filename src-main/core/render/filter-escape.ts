// Escaping for values inside an ffmpeg filtergraph (paths, styles). A graph is parsed twice:
// first the graph splits filters on `[],;` (backslash and quotes escape), then each filter's
// own options split on `:` (backslash and quotes escape again). A value therefore needs both
// escapes, innermost first. Getting this wrong turns a folder called "Bob's: clips" into a
// different option, so every path that reaches a graph goes through here.

const OPTION_SPECIALS = /[\\':]/g;
const GRAPH_SPECIALS = /[\\'[\],;]/g;

/** Escapes `value` so one filter option receives it verbatim inside a -filter_complex graph. */
export function escapeFilterValue(value: string): string {
  // Leading/trailing whitespace is trimmed by both parsers unless escaped.
  const option = value.replace(OPTION_SPECIALS, '\\$&').replace(/^\s|\s$/g, '\\$&');
  return option.replace(GRAPH_SPECIALS, '\\$&').replace(/\s$/, '\\$&');
}

/** Forward slashes work in ffmpeg on Windows too and spare a level of backslashes there. */
export function filterPath(p: string, platform: NodeJS.Platform = process.platform): string {
  return escapeFilterValue(platform === 'win32' ? p.replace(/\\/g, '/') : p);
}
