import { useEffect, useId, useState } from 'react';
import { FORMALITIES, SALUTATION_GENDERS } from '../../../contracts/template';
import { errorMessage } from '../api/client';
import { ProblemsApiError, templatesApi } from '../api/templates-client';
import { Link } from '../app/link';
import { usePrincipal } from '../auth/session';
import { problemText } from './template-draft';
import { GENDER_LABELS, groupByLanguage, itemsOf, matrixProblems, newRow, rowOfProblem, rowsOf, type SalutationRow } from './salutation-matrix';
import './templates.css';

type Loaded = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready' };

/**
 * The salutation matrix: per language, which greeting `{{salutation}}` gives for each formality,
 * gender and title or position. Add, change and remove rows, then save the whole matrix (PUT
 * /api/salutations); a refusal is shown on the rows it names.
 */
export function SalutationsPage() {
  const mayWrite = usePrincipal().permissions.includes('templates:write');
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [rows, setRows] = useState<SalutationRow[]>([]);
  const [savedRows, setSavedRows] = useState<SalutationRow[]>([]);
  const [serverProblems, setServerProblems] = useState<Map<number, string[]>>(new Map());
  const [serverGeneral, setServerGeneral] = useState<string[]>([]);
  const [tried, setTried] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'busy'; text: string } | null>(null);
  const [newLanguage, setNewLanguage] = useState('');
  const addId = useId();

  useEffect(() => {
    let current = true;
    templatesApi
      .listSalutations()
      .then((salutations) => {
        if (!current) return;
        setRows(rowsOf(salutations));
        setSavedRows(rowsOf(salutations));
        setLoaded({ status: 'ready' });
      })
      .catch((error: unknown) => current && setLoaded({ status: 'failed', message: errorMessage(error) }));
    return () => {
      current = false;
    };
  }, []);

  const local = matrixProblems(rows);
  const dirty = JSON.stringify(rows) !== JSON.stringify(savedRows);

  const change = (index: number, patch: Partial<SalutationRow>) => {
    setRows((current) => current.map((row, at) => (at === index ? { ...row, ...patch } : row)));
    setStatus(null);
  };
  const remove = (index: number) => {
    setRows((current) => current.filter((_, at) => at !== index));
    // The server's problems name rows by index: after a removal they would point at the wrong ones.
    setServerProblems(new Map());
    setStatus(null);
  };
  const add = (language: string) => {
    setRows((current) => [...current, newRow(language)]);
    setStatus(null);
  };

  const save = async () => {
    setTried(true);
    if (local.byRow.size > 0 || local.general.length > 0) return setStatus({ kind: 'error', text: 'Not saved: see the problems shown' });
    setStatus({ kind: 'busy', text: 'Saving…' });
    try {
      const saved = await templatesApi.saveSalutations(itemsOf(rows));
      setRows(rowsOf(saved));
      setSavedRows(rowsOf(saved));
      setServerProblems(new Map());
      setServerGeneral([]);
      setTried(false);
      setStatus({ kind: 'ok', text: 'Saved' });
    } catch (error) {
      if (error instanceof ProblemsApiError && error.items.length > 0) {
        const byRow = new Map<number, string[]>();
        const general: string[] = [];
        for (const item of error.items) {
          const place = rowOfProblem(item);
          if (place) byRow.set(place.index, [...(byRow.get(place.index) ?? []), place.field ? `${place.field}: ${problemText(item)}` : problemText(item)]);
          else general.push(problemText(item));
        }
        setServerProblems(byRow);
        setServerGeneral(general);
      } else setServerGeneral([]);
      setStatus({ kind: 'error', text: `Not saved: ${errorMessage(error)}` });
    }
  };

  const groups = groupByLanguage(rows);
  const rowProblems = (index: number) => [...(tried ? (local.byRow.get(index) ?? []) : []), ...(serverProblems.get(index) ?? [])];
  const general = [...(tried ? local.general : []), ...serverGeneral];

  return (
    <div className="page salutations-page">
      <div className="page__header">
        <h1>Salutation matrix</h1>
        <span className="muted">
          <Link href="/templates">Templates</Link>
        </span>
      </div>
      <p className="field__hint">
        What <code>{'{{salutation}}'}</code> writes: the row of the contact's language and the template's formality, for the contact's gender and title (else position); a row
        with no title serves any. Neutral serves a named contact whose gender is unknown, unnamed one without a name — keep an unnamed row in each language and formality. Wordings
        may use <code>{'{{firstName}}'}</code> <code>{'{{lastName}}'}</code> <code>{'{{title}}'}</code> <code>{'{{position}}'}</code>.
      </p>
      {loaded.status === 'loading' && <p className="muted">Loading…</p>}
      {loaded.status === 'failed' && (
        <p className="field__error" role="alert">
          Could not load the salutations: {loaded.message}
        </p>
      )}
      {loaded.status === 'ready' && (
        <>
          {groups.map((group) => (
            <section key={group.language} className="salutation-group" aria-label={`Language ${group.language}`}>
              <h2>{group.language}</h2>
              <table className="table salutation-table" aria-label={`Salutations in ${group.language}`}>
                <thead>
                  <tr>
                    <th scope="col">Formality</th>
                    <th scope="col">Gender</th>
                    <th scope="col">Title or position</th>
                    <th scope="col">Wording</th>
                    {mayWrite && <th scope="col">
                      <span className="visually-hidden">Remove</span>
                    </th>}
                  </tr>
                </thead>
                <tbody>
                  {group.rows.map(({ row, index }) => {
                    const problems = rowProblems(index);
                    const name = `${group.language} ${row.formality} ${row.gender}${row.qualifier ? ` ${row.qualifier}` : ''}`;
                    return (
                      <tr key={row.key} className={problems.length > 0 ? 'salutation-row salutation-row--invalid' : 'salutation-row'} aria-invalid={problems.length > 0}>
                        <td>
                          <select aria-label={`Formality of ${name}`} value={row.formality} disabled={!mayWrite} onChange={(event) => change(index, { formality: event.target.value as SalutationRow['formality'] })}>
                            {FORMALITIES.map((formality) => (
                              <option key={formality} value={formality}>
                                {formality}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <select aria-label={`Gender of ${name}`} value={row.gender} disabled={!mayWrite} onChange={(event) => change(index, { gender: event.target.value as SalutationRow['gender'] })}>
                            {SALUTATION_GENDERS.map((gender) => (
                              <option key={gender} value={gender}>
                                {GENDER_LABELS[gender]}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <input aria-label={`Title or position of ${name}`} placeholder="any" value={row.qualifier} maxLength={100} readOnly={!mayWrite} onChange={(event) => change(index, { qualifier: event.target.value })} />
                        </td>
                        <td className="salutation-table__wording">
                          <input aria-label={`Wording of ${name}`} value={row.wording} maxLength={500} readOnly={!mayWrite} aria-invalid={problems.length > 0} onChange={(event) => change(index, { wording: event.target.value })} />
                          {problems.map((problem) => (
                            <p key={problem} className="field__error" role="alert">
                              {problem}
                            </p>
                          ))}
                        </td>
                        {mayWrite && (
                          <td>
                            <button type="button" className="button button--small button--danger" aria-label={`Remove ${name}`} onClick={() => remove(index)}>
                              Remove
                            </button>
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {mayWrite && (
                <button type="button" className="button button--small" onClick={() => add(group.language)}>
                  Add a {group.language} row
                </button>
              )}
            </section>
          ))}
          {mayWrite && (
            <div className="inline-form salutations-page__add">
              <label className="visually-hidden" htmlFor={addId}>
                New language
              </label>
              <input id={addId} placeholder="de, pt-BR" size={8} value={newLanguage} onChange={(event) => setNewLanguage(event.target.value)} />
              <button
                type="button"
                className="button"
                disabled={!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(newLanguage.trim())}
                onClick={() => {
                  add(newLanguage.trim());
                  setNewLanguage('');
                }}
              >
                Add a language
              </button>
            </div>
          )}
          {general.length > 0 && (
            <ul className="template-form__problems" role="alert" aria-label="Problems">
              {general.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          {mayWrite && (
            <div className="button-row">
              <button type="button" className="button button--primary" disabled={status?.kind === 'busy'} onClick={() => void save()}>
                Save the matrix
              </button>
              {status && (
                <span className={`status status--${status.kind === 'busy' ? 'dirty' : status.kind}`} role="status">
                  {status.text}
                </span>
              )}
              {!status && dirty && <span className="status status--dirty">Unsaved changes</span>}
            </div>
          )}
        </>
      )}
    </div>
  );
}
