import type { Readable } from 'node:stream';
import { SYSTEM_ACTOR } from '../../db/audit';
import { recordImportProgress } from '../../db/import-jobs';
import { loadAttributeRules } from '../../db/contact-attributes';
import { mergeContacts, type BulkMode } from '../../db/imports-contacts';
import type { Db } from '../../db/pool';
import { parseContactsCsv } from './contact-csv';
import { UnreadableFile } from './csv-records';
import { settleImport, type ImportOptions } from './import-job';

/**
 * Run a contacts import job in two phases: parse and check the whole upload while the request
 * is open (the upload is the request body), recording progress; then merge every row in one
 * transaction (the returned promise), so a file with one bad line writes nothing at all.
 */
export async function startContactImport(
  db: Db,
  jobId: string,
  file: Readable,
  options: ImportOptions & { bulkMode: BulkMode; truncated: () => boolean },
): Promise<{ written: Promise<void> }> {
  const parse = async () => {
    const parsed = await parseContactsCsv(file, {
      mapping: options.mapping,
      attributeRules: await loadAttributeRules(db),
      onProgress: (rows) => recordImportProgress(db, jobId, rows),
    });
    if (options.truncated()) throw new UnreadableFile({ message: 'The file is larger than the upload limit; nothing was imported', errors: [] });
    return parsed;
  };
  return settleImport(db, options.actor ?? SYSTEM_ACTOR, jobId, parse, ({ rows }) => mergeContacts(db, rows, options.bulkMode));
}
