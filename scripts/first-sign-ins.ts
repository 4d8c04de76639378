import { SYSTEM_ACTOR, writeAudit, type Actor } from '../db/audit';
import { hashPassword } from '../db/passwords';
import { inTransaction, type Db, type Queryable } from '../db/pool';
import { createUser, setPasswordHash, type UserRole } from '../db/users';
import { generatePassword } from './generated-password';
import { DEMO_SIGN_IN_EMAILS } from './seed-demo-crm';

/** A person and the password they were just given: printed once, stored nowhere but as a hash. */
export interface FirstSignIn {
  role: UserRole;
  name: string;
  email: string;
  password: string;
  /** The store whose contacts the person sees (an agent's), else null. */
  store: string | null;
}

/** The admin a database with no admin gets (Grafana's habit); the address is changed on the People screen. */
export const FIRST_ADMIN = { email: 'admin@campaign-studio.local', name: 'Administrator', role: 'admin' } as const;

/** How a person whose password is lost gets a new one: on the first start's screen and every later one. */
export const RESET_PASSWORD_COMMAND = 'npm run user -- reset-password EMAIL';

const ROLE_ORDER: readonly UserRole[] = ['admin', 'designer', 'agent', 'budget_owner'];

/** Who the audit log names for the first admin and the generated passwords: the product itself. */
const FIRST_START_ACTOR: Actor = { ...SYSTEM_ACTOR, label: 'first start' };

/**
 * Give a new install its first sign-ins, once: while no user has a password, the demo staff of
 * each role (`demo`, when the demo seeded them) and an admin — an existing one, else
 * FIRST_ADMIN created here — each get a generated password, audited as the system. Never a
 * default password: every one is random and shown only in what this returns. Returns [] on
 * every later start, when someone can already sign in. Under an advisory lock, so two
 * processes starting at once hand out one set.
 */
export async function ensureFirstSignIns(db: Db, options: { demo: boolean }): Promise<FirstSignIn[]> {
  if (await anyoneHasPassword(db)) return [];
  // createUser opens its own transaction (PGlite has one connection: it cannot nest in ours).
  // A second process racing here meets the unique e-mail and creates nobody.
  if (!(await enabledAdminExists(db))) await createUser(db, FIRST_START_ACTOR, FIRST_ADMIN);
  return inTransaction(db, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('campaign-studio:first-sign-ins'))`);
    if (await anyoneHasPassword(client)) return [];
    const people = await firstPeople(client, options.demo ? Object.values(DEMO_SIGN_IN_EMAILS) : []);
    const signIns: FirstSignIn[] = [];
    for (const person of people) {
      const password = generatePassword();
      await setPasswordHash(client, person.id, await hashPassword(password));
      await writeAudit(client, FIRST_START_ACTOR, { action: 'user.password-reset', entity: 'user', entityId: person.id });
      signIns.push({ role: person.role, name: person.name, email: person.email, password, store: person.store });
    }
    return signIns.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
  });
}

async function anyoneHasPassword(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM users WHERE password_hash IS NOT NULL) AS any');
  return rows[0]!.any;
}

async function enabledAdminExists(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND NOT disabled) AS any`);
  return rows[0]!.any;
}

/** One enabled person per role: the demo person of that role when there is one, and for admin any admin. */
async function firstPeople(db: Queryable, demoEmails: readonly string[]): Promise<(Omit<FirstSignIn, 'password'> & { id: string })[]> {
  const { rows } = await db.query<Omit<FirstSignIn, 'password'> & { id: string }>(
    `SELECT DISTINCT ON (u.role) u.id, u.role, u.name, u.email, s.name AS store
       FROM users u
       LEFT JOIN teams t ON t.id = u.team_id
       LEFT JOIN stores s ON s.id = COALESCE(u.store_id, t.store_id) AND u.role = 'agent'
      WHERE NOT u.disabled AND (u.role = 'admin' OR lower(u.email) = ANY($1::text[]))
      ORDER BY u.role, lower(u.email) = ANY($1::text[]) DESC, u.created_at, u.email`,
    [demoEmails.map((email) => email.toLowerCase())],
  );
  return rows;
}

/** The lines `npm start` (and the production API) print: who to sign in as, or how to reset a lost password. */
export function describeSignIns(signIns: readonly FirstSignIn[]): string[] {
  if (signIns.length === 0) return [`Sign in with your account; a lost password is reset from the command line: ${RESET_PASSWORD_COMMAND}`];
  const roleWidth = Math.max(...signIns.map((signIn) => signIn.role.length));
  const emailWidth = Math.max(...signIns.map((signIn) => signIn.email.length));
  return [
    'Sign in as (these passwords are shown only now; note them down):',
    ...signIns.map((signIn) => {
      const where = signIn.store ? `   ${signIn.name}, sees the contacts of ${signIn.store}` : `   ${signIn.name}`;
      return `  ${signIn.role.padEnd(roleWidth)}  ${signIn.email.padEnd(emailWidth)}  ${signIn.password}${where}`;
    }),
    `Lost one later? ${RESET_PASSWORD_COMMAND}`,
  ];
}
