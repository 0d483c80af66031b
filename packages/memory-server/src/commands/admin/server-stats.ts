/** Counters `serverStatus` reports, named as MongoDB's `opcounters`. */
export interface OpCounters {
  insert: number;
  query: number;
  update: number;
  delete: number;
  getmore: number;
  command: number;
}

/**
 * Process-wide counters of one memory server: connections and operations.
 *
 * @example
 * ```ts
 * stats.countCommand('insert', { insert: 'c', documents: [{}, {}] }); // opcounters.insert += 2
 * ```
 */
export class ServerStats {
  readonly opcounters: OpCounters = { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 };
  currentConnections = 0;
  totalConnections = 0;
  readonly transactions = { totalStarted: 0, totalCommitted: 0, totalAborted: 0 };

  /** Counts a command the way MongoDB's opcounters do (writes per statement, reads per command). */
  countCommand(name: string, cmd: Record<string, unknown>): void {
    const statements = (field: string): number => {
      const list = cmd[field];
      return Array.isArray(list) ? list.length : 1;
    };
    switch (name) {
      case 'insert':
        this.opcounters.insert += statements('documents');
        break;
      case 'update':
        this.opcounters.update += statements('updates');
        break;
      case 'delete':
        this.opcounters.delete += statements('deletes');
        break;
      case 'find':
        this.opcounters.query += 1;
        break;
      case 'getMore':
        this.opcounters.getmore += 1;
        break;
      default:
        this.opcounters.command += 1;
    }
  }
}
