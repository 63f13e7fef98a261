// Counts the SQL statements a piece of code runs, by wrapping `db.prepare`: how the read-model
// tests prove a view costs a bounded number of queries, however many rows it holds.
import type { Db } from '../../src-main/core/store/database';

/** Counts the statements executed through `db` from now on. */
export function countStatements(db: Db): { readonly n: number; reset(): void } {
  let n = 0;
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = (statement[method] as (...args: unknown[]) => unknown).bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        n += 1;
        return original(...args);
      };
    }
    return statement;
  }) as Db['prepare'];
  return {
    get n() {
      return n;
    },
    reset() {
      n = 0;
    },
  };
}
