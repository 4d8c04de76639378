import { useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { crm } from '../api/crm-client';
import { Link } from '../app/link';
import { useLoaded } from '../contacts/use-loaded';
import { readCodeFilePreview, type CodeFilePreview } from './code-file';
import { IGNORE, attributeTargets, guessMapping, mappingProblems, type ColumnMapping } from './column-mapping';
import { looksLikeOtherDelimiter, readCsvHead, type CsvHead } from './csv-header';
import { CustomerCodeResult } from './customer-code-result';
import { csvImportKind, type CsvImportKind, type ImportKind, type ImportTarget } from './import-kinds';
import { ImportProgress, formatBytes } from './import-progress';
import { ImportResult } from './import-result';
import { KindPicker } from './kind-picker';
import { MappingTable } from './mapping-table';
import { useImportRun } from './use-import-run';
import './imports.css';

/** The picked file as the page understood it: a CSV header, a code list, or why it cannot be read. */
type PickedFile = { file: File } & ({ head: CsvHead } | { codes: CodeFilePreview } | { error: string });

/**
 * CSV imports: choose what to import, pick a file, check how its columns map onto fields (read
 * from the header in the browser, guessed by name), start, watch the progress, then read the
 * counts — or the report of every bad line, fix the file and pick it again.
 */
export function ImportPage() {
  const [kind, setKind] = useState<ImportKind>('contacts');
  const [picked, setPicked] = useState<PickedFile>();
  const [mapping, setMapping] = useState<ColumnMapping>({});
  // A new key empties the file input, so picking the same (fixed) file again is a change.
  const [fileInputKey, setFileInputKey] = useState(0);
  // Defined custom attributes are targets too; without them the page still works.
  const definitions = useLoaded(() => crm.listAttributeDefinitions(), []);
  const attributes = useMemo(() => (definitions.status === 'ready' ? attributeTargets(definitions.value.items) : []), [definitions]);
  const attributesError = definitions.status === 'failed' ? definitions.message : undefined;
  const { run, start, reset } = useImportRun();
  const busy = run.phase === 'uploading' || run.phase === 'writing';
  const csvKind = csvImportKind(kind);

  // Reading a file is async; only the latest pick (or kind change) may set the page's state.
  const readToken = useRef(0);
  const analyse = async (file: File, forKind: ImportKind, keep: ColumnMapping) => {
    const token = ++readToken.current;
    const spec = csvImportKind(forKind);
    try {
      const next: PickedFile = spec ? await analyseCsv(file) : { file, codes: await readCodeFilePreview(file) };
      if (token !== readToken.current) return;
      setPicked(next);
      if (spec && 'head' in next) setMapping(guessMapping(spec, attributes, next.head.columns, keep));
    } catch (error) {
      if (token === readToken.current) setPicked({ file, error: `The file could not be read: ${errorMessage(error)}` });
    }
  };

  const pickFile = (file: File | undefined) => {
    reset();
    if (!file) return setPicked(undefined);
    void analyse(file, kind, mapping);
  };

  const pickKind = (next: ImportKind) => {
    setKind(next);
    reset();
    if (picked) void analyse(picked.file, next, {});
  };

  const head = picked && 'head' in picked ? picked.head : undefined;

  // Definitions that arrive after the file was read can still name its ignored columns.
  useEffect(() => {
    if (!csvKind || !head || attributes.length === 0) return;
    setMapping((current) => guessMapping(csvKind, attributes, head.columns, Object.fromEntries(Object.entries(current).filter(([, target]) => target !== IGNORE))));
    // Only when the definitions arrive: a new pick guesses with them already.
  }, [attributes]);
  const problems = useMemo(() => (csvKind && head ? headProblems(csvKind, head, mapping, attributes) : []), [csvKind, head, mapping, attributes]);
  const ready = !!picked && problems.length === 0 && !busy && (csvKind ? !!head : 'codes' in picked && picked.codes.first.length > 0);

  const startImport = async () => {
    if (!picked || !ready) return;
    const { file } = picked;
    if (!csvKind) await start({ kind: 'customer-codes', file, fileName: file.name });
    else if (head) await start({ kind: csvKind.kind, file, fileName: file.name, mapping: fullMapping(head.columns, mapping) });
  };

  // Once an import has ended, its file is spent: the next one starts from a fresh pick.
  const ended = run.phase === 'finished' || run.phase === 'codes-finished' || run.phase === 'refused';
  useEffect(() => {
    if (!ended) return;
    setPicked(undefined);
    setFileInputKey((key) => key + 1);
  }, [ended]);

  return (
    <div className="page import-page">
      <div className="page__header">
        <h1>Import</h1>
        <Link href="/contacts">Contacts</Link>
      </div>

      <KindPicker value={kind} disabled={busy} onChange={pickKind} />

      <section className="import-section" aria-labelledby="import-file-title">
        <h2 id="import-file-title">File</h2>
        <label className="field">
          <span className="field__label">{csvKind ? `${csvKind.label} CSV file` : 'Text file of customer codes'}</span>
          <input
            key={fileInputKey}
            type="file"
            accept={csvKind ? '.csv,text/csv' : '.txt,.csv,text/plain,text/csv'}
            disabled={busy}
            onChange={(event) => pickFile(event.target.files?.[0])}
          />
        </label>
        {picked && (
          <p className="muted">
            {picked.file.name} · {formatBytes(picked.file.size)}
          </p>
        )}
        {run.phase === 'finished' && run.job.status === 'failed' && !picked && <p className="field__hint">Pick the fixed file here to import it again.</p>}
        {picked && 'error' in picked && (
          <p className="field__error" role="alert">
            {picked.error}
          </p>
        )}
      </section>

      {csvKind && head && (
        <section className="import-section" aria-labelledby="import-mapping-title">
          <h2 id="import-mapping-title">Columns</h2>
          <p className="muted">Each column of the file goes into the field chosen here (guessed from its name), or is ignored.</p>
          {attributesError && <p className="field__hint">Custom attributes could not be loaded ({attributesError}); new attributes can still be made from columns.</p>}
          <MappingTable
            kind={csvKind}
            columns={head.columns}
            sample={head.sample}
            mapping={mapping}
            attributes={attributes}
            disabled={busy}
            onChange={(column, target) => setMapping((current) => ({ ...current, [column]: target }))}
          />
          {problems.length > 0 && (
            <ul className="import-problems" id="import-mapping-problems" aria-label="Before importing">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </section>
      )}

      {picked && 'codes' in picked && <CodePreview preview={picked.codes} />}

      {picked && (
        <div className="button-row">
          <button
            type="button"
            className="button button--primary"
            disabled={!ready}
            aria-describedby={problems.length > 0 ? 'import-mapping-problems' : undefined}
            onClick={() => void startImport()}
          >
            Start import
          </button>
        </div>
      )}

      {run.phase === 'uploading' && <ImportProgress phase="uploading" sent={run.sent} total={run.total} />}
      {run.phase === 'writing' && <ImportProgress phase="writing" job={run.job} />}
      {run.phase === 'finished' && <ImportResult job={run.job} />}
      {run.phase === 'codes-finished' && <CustomerCodeResult result={run.result} />}
      {run.phase === 'refused' && (
        <section className="import-result import-result--refused" aria-labelledby="import-result-title">
          <h2 id="import-result-title">Nothing was imported</h2>
          <p role="alert">The server refused the file: {run.message}</p>
        </section>
      )}
    </div>
  );
}

async function analyseCsv(file: File): Promise<PickedFile> {
  const head = await readCsvHead(file);
  return 'error' in head ? { file, error: head.error } : { file, head };
}

/** Why this file and mapping cannot be imported yet: a non-comma file first, then the mapping. */
function headProblems(kind: CsvImportKind, head: CsvHead, mapping: ColumnMapping, attributes: readonly ImportTarget[]): string[] {
  const delimiter = looksLikeOtherDelimiter(head.columns);
  if (delimiter) {
    const name = delimiter === ';' ? 'semicolons' : 'tabs';
    return [`The columns seem to be separated by ${name}; the importer reads commas only. Save the file as comma-separated CSV.`];
  }
  const labels = new Map([...kind.fields, ...attributes].map((target) => [target.value, target.label]));
  return mappingProblems(kind, head.columns, mapping, (value) => labels.get(value) ?? value);
}

/** The server refuses a mapping that leaves a column out: name every column, `ignore` included. */
function fullMapping(columns: readonly string[], mapping: ColumnMapping): ColumnMapping {
  return Object.fromEntries(columns.map((column) => [column, mapping[column] ?? IGNORE]));
}

function CodePreview({ preview }: { preview: CodeFilePreview }) {
  return (
    <section className="import-section" aria-labelledby="import-codes-title">
      <h2 id="import-codes-title">Codes</h2>
      {preview.first.length === 0 ? (
        <p className="field__error" role="alert">
          The file holds no customer code.
        </p>
      ) : (
        <p>
          {preview.count === undefined ? 'A large file' : `${preview.count.toLocaleString('en')} codes`}, starting with{' '}
          {preview.first.map((code, index) => (
            <span key={index}>
              {index > 0 && ', '}
              <code>{code}</code>
            </span>
          ))}
          . Each line is one code; a header line would be read as a code too.
        </p>
      )}
    </section>
  );
}
