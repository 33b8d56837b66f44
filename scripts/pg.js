#!/usr/bin/env node
// Starts a throwaway PostgreSQL server for trying Vigía by hand, prints its URL, and removes it on Ctrl-C:
//   node scripts/pg.js   then, in another shell:   DATABASE_URL=<printed url> npm start
import { startPostgres } from './lib/postgres.js';

const pg = await startPostgres({ log: (m) => console.error(m) });
console.log(pg.url);
const stop = async () => {
  await pg.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
