// The platforms Clipdesk publishes to, by the `provider` of their accounts. The TikTok feature
// registers its publisher when it is built; a test may register another (docs/architecture.md
// §1, "How to add a platform").
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../store/database';
import type { PublishAccount, Publisher } from './publisher';

export class Publishers {
  private readonly byPlatform = new Map<string, Publisher>();

  constructor(private readonly db: Db) {}

  register(publisher: Publisher): void {
    if (this.byPlatform.has(publisher.platform)) throw new Error(`Two publishers serve ${publisher.platform}.`);
    this.byPlatform.set(publisher.platform, publisher);
  }

  /** The publisher of an account and the account as it sees it, or undefined when either is gone. */
  find(accountId: string): { publisher: Publisher; account: PublishAccount } | undefined {
    const row = this.db.prepare('SELECT provider FROM accounts WHERE id = ?').get(accountId) as { provider: string } | undefined;
    const publisher = row ? this.byPlatform.get(row.provider) : undefined;
    const account = publisher?.account(accountId);
    return publisher && account ? { publisher, account } : undefined;
  }

  /** As find, for a command: an account that is not (or no longer) connected is a clear error. */
  get(accountId: string): { publisher: Publisher; account: PublishAccount } {
    const found = this.find(accountId);
    if (!found) throw new AppError('NOT_FOUND', 'No such account is connected. Connect it in Accounts.');
    return found;
  }
}
