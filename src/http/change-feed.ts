import { listenForChanges, type ChangeListener, type ChangeListenerOptions } from '../storage/change-notices.js';
import type { PageCache } from './page-cache.js';

/**
 * Keeps a process's page cache true to a PostgreSQL database that other processes write to (decision
 * 018): a notice drops the pages at once; while the listening connection is down the cache polls the
 * data version instead (its interval, 1 s by default), and on reconnecting it starts afresh.
 */
export function keepCacheFresh(
  cache: PageCache,
  connectionString: string,
  log: { info(msg: string): void; warn(msg: string): void },
  options: ChangeListenerOptions = {},
): ChangeListener {
  return listenForChanges(
    connectionString,
    {
      onChange: () => cache.invalidate(),
      onConnected: () => {
        cache.setListening(true);
        log.info('page cache: listening for changes');
      },
      onDisconnected: (e) => {
        cache.setListening(false);
        log.warn(`page cache: change listener lost (${e.message}); polling until it is back`);
      },
    },
    options,
  );
}
