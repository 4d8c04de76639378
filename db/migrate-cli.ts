import { loadConfig } from '../config/config';
import { migrate } from './migrate';

const config = loadConfig();
if (!config.databaseUrl) {
  console.error('DATABASE_URL is not set: nothing to migrate (npm start migrates its embedded database itself).');
  process.exit(1);
}
await migrate(config.databaseUrl, { log: (message) => console.log(message) });
console.log('Schema is up to date.');
