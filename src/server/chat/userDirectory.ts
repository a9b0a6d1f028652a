import type { User } from '../../shared/protocol/entities';
import { SEARCH_RESULTS_MAX } from '../../shared/protocol/limits';
import type { Storage } from '../storage/storagePort';
import type { ChatViews } from './chatViews';

/** Finding people: pages of users, who is online, search by username. Never emails. */
export class UserDirectory {
  constructor(
    private readonly storage: Storage,
    private readonly views: ChatViews,
    /** Every online user's id (over every instance with `REDIS_URL`). */
    private readonly onlineUserIds: () => Promise<string[]>,
  ) {}

  async page(page: number, limit: number) {
    const { users, total } = await this.storage.users.list((page - 1) * limit, limit);
    return { users: users.map((user) => this.views.user(user)), page, limit, total };
  }

  async online(): Promise<{ users: User[]; totalOnline: number }> {
    const users = await this.storage.users.findManyByIds(await this.onlineUserIds());
    const views = users.map((user) => this.views.user(user)).sort((a, b) => a.username.localeCompare(b.username));
    return { users: views, totalOnline: views.length };
  }

  async search(query: string, callerId: string): Promise<{ users: User[] }> {
    const users = await this.storage.users.search(query, SEARCH_RESULTS_MAX, callerId);
    return { users: users.map((user) => this.views.user(user)) };
  }
}
