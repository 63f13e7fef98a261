// Insights in the export: insights.json, the series as `clipdesk insights --json` prints them
// (src-shared/insights/insights-document.ts), and insights-posts.csv, one row per post for a
// spreadsheet. Both are read in the export's one database snapshot.
import type { Insights } from '../../../src-shared/insights/insights';
import { insightsDocument, type InsightsDocument } from '../../../src-shared/insights/insights-document';
import { csvField } from '../audit/audit-log';

/** The CSV's columns, in order; README.txt describes each. */
export const INSIGHTS_CSV_COLUMNS = [
  'key',
  'post_id',
  'tiktok_id',
  'account_id',
  'caption',
  'published_at',
  'views',
  'likes',
  'comments',
  'shares',
  'views_1h',
  'views_24h',
  'views_7d',
  'engagement_rate',
  'availability',
  'reason',
  'at',
] as const;

const cell = (v: string | number | null): string => (v === null ? '' : csvField(String(v)));

/**
 * One row per post, newest first (RFC 4180, UTF-8, CRLF). An unknown count is an empty cell,
 * never 0; the engagement rate is a fraction (0.053 is 5.3 %), to 6 decimals. Text a spreadsheet
 * would run as a formula is prefixed with an apostrophe, as the activity log's CSV does.
 */
export function insightsPostsCsv(doc: InsightsDocument): string {
  const rows = doc.posts.map((p) =>
    [
      p.key,
      p.id,
      p.tiktokId,
      p.accountId,
      p.caption,
      p.publishedAt,
      p.views,
      p.likes,
      p.comments,
      p.shares,
      p.viewsAt1h,
      p.viewsAt24h,
      p.viewsAt7d,
      p.engagementRate === null ? null : Number(p.engagementRate.toFixed(6)),
      p.availability,
      p.reason,
      p.at,
    ].map(cell),
  );
  return `${[INSIGHTS_CSV_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`;
}

export interface InsightsExport {
  document: InsightsDocument;
  csv: string;
  counts: { insightsAccounts: number; insightsPosts: number; insightsSnapshots: number };
}

export function insightsExport(insights: Insights): InsightsExport {
  const document = insightsDocument(insights);
  const snapshots = document.accounts.reduce((n, a) => n + a.series.length, 0) + document.posts.reduce((n, p) => n + p.series.length, 0);
  return {
    document,
    csv: insightsPostsCsv(document),
    counts: { insightsAccounts: document.accounts.length, insightsPosts: document.posts.length, insightsSnapshots: snapshots },
  };
}
