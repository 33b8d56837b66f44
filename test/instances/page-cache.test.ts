import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cachedPage, PageCache } from '../../src/http/page-cache.js';

/**
 * The page cache's two ways of learning of a change (decision 018): polling the data version, and
 * notices. A page whose making began before a drop is never kept after it.
 */
describe('page cache', () => {
  const deferred = () => {
    let resolve!: (v: string) => void;
    const promise = new Promise<string>((r) => (resolve = r));
    return { promise, resolve };
  };

  test('a page being made when a change is announced is served to its request but not kept', async () => {
    let version = 1;
    const cache = new PageCache(async () => version, { checkEveryMs: 60_000, maxEntries: 10 });
    cache.setListening(true);
    const render = deferred();
    const inFlight = cachedPage(cache, 'p', 'text/plain', () => render.promise);
    await new Promise((r) => setImmediate(r));
    // The change commits, its notice arrives while the old page is still being made.
    version = 2;
    cache.invalidate();
    render.resolve('old');
    assert.equal((await inFlight).body.toString(), 'old');
    assert.equal(cache.size, 0, 'the old page was refused');
    const fresh = await cachedPage(cache, 'p', 'text/plain', async () => 'new');
    assert.equal(fresh.body.toString(), 'new');
    assert.equal((await cachedPage(cache, 'p', 'text/plain', async () => 'never')).body.toString(), 'new', 'kept from now on');
  });

  test('while listening it never polls; when the listener is lost it polls again, and pages made before either switch are dropped', async () => {
    let reads = 0;
    let version = 7;
    const cache = new PageCache(async () => (reads++, version), { checkEveryMs: 0, maxEntries: 10 });
    await cachedPage(cache, 'p', 'text/plain', async () => 'a');
    assert.equal(reads, 1);
    cache.setListening(true);
    assert.equal(cache.size, 0, 'on connecting: what changed while nobody listened was never announced');
    await cachedPage(cache, 'p', 'text/plain', async () => 'b');
    for (let i = 0; i < 5; i++) await cachedPage(cache, 'p', 'text/plain', async () => 'x');
    assert.equal(reads, 1, 'no version query while notices arrive');
    version = 8; // a change whose notice was lost with the connection
    cache.setListening(false);
    assert.equal((await cachedPage(cache, 'p', 'text/plain', async () => 'c')).body.toString(), 'c');
    assert.ok(reads > 1, 'polling again');
  });

  test('a version read that began before a drop decides nothing', async () => {
    const read = { resolve: (_: number) => undefined as void };
    const cache = new PageCache(() => new Promise<number>((r) => (read.resolve = r)), { checkEveryMs: 60_000, maxEntries: 10 });
    const syncing = cache.sync();
    cache.invalidate();
    read.resolve(3);
    await syncing;
    assert.equal(cache.version, null, 'the old reading was not taken as the current version');
  });
  test('confirming every request: a request waits for a version read begun after it arrived, one read shared by those that came meanwhile', async () => {
    let version = 1;
    const reads: { resolve: (v: number) => void; value: () => number }[] = [];
    const cache = new PageCache(
      () =>
        new Promise<number>((resolve) => {
          reads.push({ resolve, value: () => version });
        }),
      { checkEveryMs: 60_000, maxEntries: 10, confirmEveryRequest: true },
    );
    cache.setListening(true); // notices arriving change nothing: the read is what decides
    const settle = async () => {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    };
    const first = cachedPage(cache, 'p', 'text/plain', async () => 'v1');
    await settle();
    reads[0]!.resolve(reads[0]!.value());
    assert.equal((await first).body.toString(), 'v1');
    // A read is in flight (begun before the write); the write commits; three requests arrive.
    const early = cache.sync();
    await settle();
    assert.equal(reads.length, 2);
    version = 2;
    const late = [
      cachedPage(cache, 'p', 'text/plain', async () => 'v2'),
      cachedPage(cache, 'p', 'text/plain', async () => 'v2'),
      cachedPage(cache, 'p', 'text/plain', async () => 'v2'),
    ];
    reads[1]!.resolve(1); // what the early read saw: before the write
    await early;
    await settle();
    assert.equal(reads.length, 3, 'the requests that came during the first read share one new read');
    reads[2]!.resolve(reads[2]!.value());
    for (const page of await Promise.all(late)) assert.equal(page.body.toString(), 'v2', 'never the page from before the write');
  });
});
