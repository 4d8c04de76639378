/**
 * People from the command line, for the admin who cannot sign in (a lost password, a new
 * install whose printed passwords are gone):
 *
 *   npm run user -- reset-password EMAIL        a new generated password, printed once; their sessions end
 *   npm run user -- create EMAIL NAME ROLE [STORE_CODE]
 *   npm run user -- list
 *
 * Against DATABASE_URL when set, else `npm start`'s embedded database in DATA_DIR/pglite —
 * which PGlite lets one process open at a time: stop `npm start` first. Every change is audited
 * as the system ("command line"). Exit codes: 0 done, 1 refused (unknown e-mail, e-mail taken,
 * unknown store, no database), 2 wrong usage (unknown command, bad role or e-mail).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../config/config';
import { isEmail } from '../contracts/email';
import { ROLE_PERMISSIONS } from '../contracts/permissions';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../db/audit';
import { migrate } from '../db/migrate';
import { hashPassword } from '../db/passwords';
import { createPool, inTransaction, type Db } from '../db/pool';
import { clearSignInFailures } from '../db/sign-in-failures';
import { listStores } from '../db/stores';
import { createUser, listUsers, setPasswordHash, type UserRole } from '../db/users';
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from './embedded-postgres';
import { generatePassword } from './generated-password';
import { livePid } from './pid-file';

/** Who the audit log names for what this command does. */
export const COMMAND_LINE_ACTOR: Actor = { ...SYSTEM_ACTOR, label: 'command line' };

const ROLES = Object.keys(ROLE_PERMISSIONS) as UserRole[];

const USAGE = [
  'usage: npm run user -- <command>',
  '  reset-password EMAIL              give EMAIL a new generated password (printed once) and end their sessions',
  `  create EMAIL NAME ROLE [STORE]    add a person with a generated password; ROLE is ${ROLES.join(', ')}; STORE a store code`,
  '  list                              everyone, with role, store and whether they can sign in',
  'Uses DATABASE_URL, else the embedded database of `npm start` in DATA_DIR/pglite (stop `npm start` first).',
].join('\n');

type Command =
  | { name: 'reset-password'; email: string }
  | { name: 'create'; email: string; fullName: string; role: UserRole; storeCode: string | undefined }
  | { name: 'list' };

/** Exit codes: a script can tell "refused" (1) from "called wrongly" (2). */
const REFUSED = 1;
const USAGE_ERROR = 2;

class Refusal extends Error {
  constructor(message: string, readonly exitCode: number = REFUSED) {
    super(message);
  }
}

function parseCommand(argv: readonly string[]): Command {
  const [name, ...args] = argv;
  const arity = (min: number, max = min) => {
    if (args.length < min || args.length > max) throw new Refusal(`${name} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${args.length}\n${USAGE}`, USAGE_ERROR);
  };
  switch (name) {
    case 'reset-password':
      arity(1);
      return { name, email: checkedEmail(args[0]!) };
    case 'create': {
      arity(3, 4);
      const [email, fullName, role, storeCode] = args as [string, string, string, string | undefined];
      if (!ROLES.some((known) => known === role)) throw new Refusal(`Unknown role "${role}": it is one of ${ROLES.join(', ')}`, USAGE_ERROR);
      if (!fullName.trim()) throw new Refusal('The name must not be empty', USAGE_ERROR);
      return { name, email: checkedEmail(email), fullName: fullName.trim(), role: role as UserRole, storeCode };
    }
    case 'list':
      arity(0);
      return { name };
    default:
      throw new Refusal(name ? `Unknown command "${name}"\n${USAGE}` : USAGE, USAGE_ERROR);
  }
}

function checkedEmail(text: string): string {
  const email = text.trim();
  if (!isEmail(email)) throw new Refusal(`"${text}" is not an e-mail address`, USAGE_ERROR);
  return email;
}

interface OpenDatabase {
  db: Db;
  close(): Promise<void>;
}

/**
 * DATABASE_URL, else the embedded PGlite directory. PGlite is one process's at a time (a second
 * opener would corrupt it): while `npm start` holds it the command says so instead of waiting.
 */
async function openDatabase(config: Config): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    const db = createPool(config.databaseUrl, 1);
    return { db, close: () => db.end() };
  }
  const dataDir = resolve(config.dataDir, 'pglite');
  if (!existsSync(dataDir)) {
    throw new Refusal(`No database in ${dataDir} yet: \`npm start\` creates it on its first start (and prints the first sign-ins). Or set DATABASE_URL.`);
  }
  const holder = await livePid(`${dataDir}.lock`);
  if (holder !== undefined) {
    throw new Refusal(
      `The embedded database ${dataDir} is open in Campaign Studio (pid ${holder}), and PGlite lets one process in at a time.\n` +
        'Stop `npm start` (Ctrl-C), run this command again, then start it again. (With DATABASE_URL set, this command works while the product runs.)',
    );
  }
  const postgres = await startEmbeddedPostgres({ dataDir });
  try {
    // What `npm start` would do first: a data directory from an older version gets today's schema.
    await migrate(postgres.url);
  } catch (error) {
    await postgres.close();
    throw error;
  }
  const db = createPool(postgres.url, EMBEDDED_POOL_SIZE);
  return {
    db,
    close: async () => {
      await db.end();
      await postgres.close();
    },
  };
}

async function resetPassword(db: Db, email: string): Promise<void> {
  const password = generatePassword();
  const hash = await hashPassword(password);
  const person = await inTransaction(db, async (client) => {
    const { rows } = await client.query<{ id: string; name: string; email: string; role: UserRole; disabled: boolean }>(
      'SELECT id, name, email, role, disabled FROM users WHERE lower(email) = lower($1) FOR UPDATE',
      [email],
    );
    const found = rows[0];
    if (!found) return undefined;
    await setPasswordHash(client, found.id, hash);
    // A person locked out by failed attempts can use the new password at once.
    await clearSignInFailures(client, found.email);
    await writeAudit(client, COMMAND_LINE_ACTOR, { action: 'user.password-reset', entity: 'user', entityId: found.id });
    return found;
  });
  if (!person) throw new Refusal(`No user has the e-mail ${email} (\`npm run user -- list\` shows who does).`);
  printPassword(`New password for ${person.name} <${person.email}> (${person.role}):`, password);
  console.log('Their sessions have ended: they sign in again with this password.');
  if (person.disabled) console.log('Note: this account is disabled; it cannot sign in until an admin enables it again (People).');
}

async function create(db: Db, command: Extract<Command, { name: 'create' }>): Promise<void> {
  let storeId: string | null = null;
  if (command.storeCode !== undefined) {
    const stores = await listStores(db);
    const store = stores.find((candidate) => candidate.code.toLowerCase() === command.storeCode!.toLowerCase());
    if (!store) throw new Refusal(`No store has the code "${command.storeCode}"${stores.length ? ` (stores: ${stores.map((s) => s.code).join(', ')})` : ''}.`);
    storeId = store.id;
  }
  const password = generatePassword();
  const created = await createUser(db, COMMAND_LINE_ACTOR, { email: command.email, name: command.fullName, role: command.role, storeId }, await hashPassword(password));
  if ('duplicateEmail' in created) {
    throw new Refusal(`${command.email} already has an account; for a new password: npm run user -- reset-password ${command.email}`);
  }
  if ('unknown' in created) throw new Refusal('That store no longer exists.');
  printPassword(`Created ${created.user.name} <${created.user.email}> (${created.user.role}). Password:`, password);
  if (command.role === 'agent' && storeId === null) console.log('Note: an agent in no store sees no contacts; place them in one on the People screen (or give STORE here).');
}

async function list(db: Db): Promise<void> {
  const [users, stores] = await Promise.all([listUsers(db), listStores(db)]);
  const storeCode = new Map(stores.map((store) => [store.id, store.code]));
  const rows = users.map((user) => [
    user.email,
    user.role,
    user.name,
    user.storeId ? (storeCode.get(user.storeId) ?? '') : '',
    user.disabled ? 'disabled' : !user.hasPassword ? 'no password yet' : user.lastSignInAt ? `last signed in ${new Date(user.lastSignInAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never signed in',
  ]);
  const table = [['E-MAIL', 'ROLE', 'NAME', 'STORE', 'SIGN-IN'], ...rows];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const row of table) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  if (users.length === 0) console.log('(nobody yet: npm run user -- create EMAIL NAME admin)');
}

/** The password alone on an indented line, so it is copied whole; shown nowhere else, stored only as a hash. */
function printPassword(heading: string, password: string): void {
  console.log(heading);
  console.log(`\n    ${password}\n`);
  console.log('It is shown only this once.');
}

async function main(argv: readonly string[]): Promise<number> {
  let database: OpenDatabase | undefined;
  try {
    const command = parseCommand(argv);
    database = await openDatabase(loadConfig());
    if (command.name === 'reset-password') await resetPassword(database.db, command.email);
    else if (command.name === 'create') await create(database.db, command);
    else await list(database.db);
    return 0;
  } catch (error) {
    if (error instanceof Refusal) {
      console.error(error.message);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return USAGE_ERROR;
    }
    console.error('The command failed:', error instanceof Error ? error.message : error);
    return REFUSED;
  } finally {
    await database?.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}

