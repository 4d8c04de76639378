import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { FieldApiError, segmentExportUrl, segmentsApi, type Segment } from '../api/segments-client';
import { Link } from '../app/link';
import { navigate } from '../app/router';
import type { FieldCatalog } from './field-catalog';
import { contactsText, PreviewPanel } from './preview-panel';
import { RuleBuilder } from './rule-builder';
import { fromSegmentRule, newGroup, placeFieldErrors, toSegmentRule, visibleProblems, type DraftGroup, type DraftProblem } from './segment-draft';

const NAME_MAX = 200;
const DESCRIPTION_MAX = 2000;

/**
 * The id of the segment whose creation just moved the page to /segments/:id. The route change
 * remounts the page, and this is how the new page knows to say "Saved".
 */
let justCreated: string | null = null;

interface SegmentEditorProps {
  /** null = a new segment. */
  segment: Segment | null;
  catalog: FieldCatalog;
  catalogWarning: string | null;
}

type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'saved' } | { status: 'failed'; message: string };

/** Name, description and rule tree of one segment, its live count and first rows; save, delete, export. */
export function SegmentEditor({ segment, catalog: baseCatalog, catalogWarning }: SegmentEditorProps) {
  const [opened] = useState(() => (segment ? fromSegmentRule(segment.rule, baseCatalog) : { root: newGroup(), catalog: baseCatalog }));
  const catalog = opened.catalog;
  const [root, setRoot] = useState<DraftGroup>(opened.root);
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [dirty, setDirty] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [serverProblems, setServerProblems] = useState<DraftProblem[]>([]);
  const [nameError, setNameError] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [save, setSave] = useState<SaveState>(() => {
    if (segment && justCreated === segment.id) {
      justCreated = null;
      return { status: 'saved' };
    }
    return { status: 'idle' };
  });

  // Leaving the page (reload, another site) with unsaved edits asks first, as the flow editor does.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const translation = useMemo(() => toSegmentRule(root, catalog), [root, catalog]);
  const problems = useMemo(() => [...translation.problems, ...serverProblems], [translation.problems, serverProblems]);
  const previewSource = translation.problems.length === 0 ? { rule: translation.rule } : null;
  // Point at the highlighted conditions only when some are: a new, untouched one shows none yet.
  const pending = visibleProblems(root, problems, submitted).length > 0 ? 'Finish the highlighted conditions to count the contacts.' : 'Complete the new conditions to count the contacts.';

  const edited = () => {
    setDirty(true);
    if (save.status !== 'saving') setSave({ status: 'idle' });
  };
  const changeRoot = useCallback((next: DraftGroup) => {
    setRoot(next);
    setServerProblems([]);
    setDirty(true);
    setSave((current) => (current.status === 'saving' ? current : { status: 'idle' }));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDeleteError(null);
    setSubmitted(true);
    setServerProblems([]);
    const trimmed = name.trim();
    setNameError(trimmed === '' ? 'Give the segment a name' : null);
    if (trimmed === '' || translation.problems.length > 0) {
      setSave({ status: 'failed', message: 'Fix the highlighted fields before saving.' });
      return;
    }
    setSave({ status: 'saving' });
    const input = { name: trimmed, ...(description.trim() ? { description: description.trim() } : {}), rule: translation.rule };
    try {
      if (segment) {
        await segmentsApi.updateSegment(segment.id, input);
        setDirty(false);
        setSave({ status: 'saved' });
      } else {
        const created = await segmentsApi.createSegment(input);
        justCreated = created.id;
        navigate(`/segments/${encodeURIComponent(created.id)}`, { replace: true });
      }
    } catch (error) {
      setSave({ status: 'failed', message: pinErrors(error, translation.paths, root.id, setServerProblems, setNameError) });
    }
  };

  const title = segment ? segment.name : 'New segment';
  return (
    <form className="page segment-page" onSubmit={(event) => void submit(event)} noValidate aria-label={title}>
      <div className="page__header">
        <div>
          <p className="breadcrumb">
            <Link href="/segments">Segments</Link> /
          </p>
          <h1>{title}</h1>
        </div>
        <div className="segment-page__actions">
          <SaveStatus save={save} dirty={dirty} />
          {segment && (
            <a className="button" href={segmentExportUrl(segment.id)} download title={dirty ? 'Exports the saved version' : undefined}>
              Export CSV
            </a>
          )}
          {segment && <DeleteSegment segment={segment} onError={setDeleteError} />}
          <button type="submit" className="button button--primary" disabled={save.status === 'saving'}>
            {save.status === 'saving' ? 'Saving…' : 'Save segment'}
          </button>
        </div>
      </div>
      {save.status === 'failed' && (
        <p className="form-error" role="alert">
          {save.message}
        </p>
      )}
      {deleteError && (
        <p className="form-error" role="alert">
          {deleteError}
        </p>
      )}
      {catalogWarning && <p className="muted">{catalogWarning} Those fields are missing from the picker.</p>}

      <div className="segment-page__body">
        <div className="segment-page__form">
          <div className="field">
            <label htmlFor="segment-name" className="field__label">
              Name
            </label>
            <input
              id="segment-name"
              maxLength={NAME_MAX}
              value={name}
              aria-invalid={nameError !== null}
              aria-describedby={nameError ? 'segment-name-error' : undefined}
              onChange={(event) => {
                setName(event.target.value);
                setNameError(null);
                edited();
              }}
            />
            {nameError && (
              <p id="segment-name-error" className="field__error" role="alert">
                {nameError}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="segment-description" className="field__label">
              Description
            </label>
            <textarea
              id="segment-description"
              rows={2}
              maxLength={DESCRIPTION_MAX}
              value={description}
              onChange={(event) => {
                setDescription(event.target.value);
                edited();
              }}
            />
          </div>
          <RuleBuilder root={root} catalog={catalog} problems={problems} showAll={submitted} onChange={changeRoot} />
        </div>
        <aside className="segment-page__preview">
          <h2 className="panel-title">Live count</h2>
          <PreviewPanel
            label="Preview"
            source={previewSource}
            pending={pending}
            describe={(count) => `${contactsText(count)} match`}
            showSample
          />
        </aside>
      </div>
    </form>
  );
}

/** Put each error the API named where the user will look; returns the message for the top of the form. */
function pinErrors(
  error: unknown,
  paths: Record<string, string>,
  rootId: string,
  setServerProblems: (problems: DraftProblem[]) => void,
  setNameError: (message: string | null) => void,
): string {
  if (!(error instanceof FieldApiError) || error.fieldErrors.length === 0) return `Could not save: ${errorMessage(error)}`;
  const { pinned, name, unplaced } = placeFieldErrors(error.fieldErrors, paths, rootId);
  setServerProblems(pinned);
  if (name !== null) setNameError(name);
  const detail = error.detail ?? error.title;
  if (unplaced.length > 0) return `Could not save: ${detail} (${unplaced.map((item) => `${item.field}: ${item.message}`).join('; ')})`;
  return `Could not save: ${detail}. See the highlighted fields.`;
}

function SaveStatus({ save, dirty }: { save: SaveState; dirty: boolean }) {
  let text = '';
  if (save.status === 'saved' && !dirty) text = 'Saved';
  else if (dirty) text = 'Unsaved changes';
  return (
    <span role="status" aria-label="Save status" className={`status ${text === 'Saved' ? 'status--ok' : 'status--dirty'}`}>
      {text}
    </span>
  );
}

/**
 * Delete asks once more in place (no blocking browser dialog), then goes back to the list. A
 * refusal (a flow's audience uses the segment) is told at the top of the form, in the API's words.
 */
function DeleteSegment({ segment, onError }: { segment: Segment; onError: (message: string | null) => void }) {
  const [confirming, setConfirming] = useState(false);
  const remove = async () => {
    onError(null);
    try {
      await segmentsApi.deleteSegment(segment.id);
      navigate('/segments');
    } catch (caught) {
      setConfirming(false);
      onError(`Could not delete: ${caught instanceof ApiError ? (caught.detail ?? caught.title) : errorMessage(caught)}`);
    }
  };
  if (!confirming) {
    return (
      <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label="Confirm delete">
      <span>Delete “{segment.name}”?</span>
      <button type="button" className="button button--danger" onClick={() => void remove()}>
        Yes, delete
      </button>
      <button type="button" className="button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  );
}
