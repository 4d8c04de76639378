import { useState } from 'react';
import { UNIT_COST_ITEMS } from '../../../contracts/budget';
import { budgetsApi, type UnitCost } from '../api/budgets-client';
import { FormError } from '../app/form-error';
import { Link } from '../app/link';
import { LoadStatus } from '../app/load-status';
import { useSubmit } from '../app/use-submit';
import { useLoaded } from '../contacts/use-loaded';
import { emptyUnitCostDraft, ITEM_LABELS, unitCostDraftOf, unitCostInputOf, unitCostPatchOf, unitCostProblem, type UnitCostDraft, type UnitCostItem } from './unit-cost-draft';
import './budgets.css';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * What one e-mail, SMS segment, letter, call or agent minute costs, from which day to which: the
 * prices each send, call and reward is booked at. A booked line keeps its price; to change a
 * price from a day on, end the row the day before and add a new one (the page says so).
 */
export function UnitCostsPage() {
  const [round, setRound] = useState(0);
  const list = useLoaded(() => budgetsApi.listUnitCosts(), [round]);
  const reload = () => setRound((value) => value + 1);
  const items = list.status === 'ready' ? list.value.items : list.status === 'loading' ? list.previous?.items : undefined;
  return (
    <div className="page unit-costs-page">
      <p>
        <Link href="/budget">← Budgets</Link>
      </p>
      <h1>Unit costs</h1>
      <p className="muted">Sends, calls and rewards are booked at the price valid on their day. Lines already booked keep their price: to change a price from a day on, end its row the day before and add a new one.</p>
      {!items && <LoadStatus loaded={list} what="the unit costs" />}
      {items && (
        <table className="budget-table unit-costs">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num">Price of one</th>
              <th scope="col">Currency</th>
              <th scope="col">Valid from</th>
              <th scope="col">Valid to</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((cost) => (
              <UnitCostRow key={`${cost.id}-${cost.amount}-${cost.validFrom}-${cost.validTo ?? ''}`} cost={cost} onSaved={reload} />
            ))}
            {items.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No unit cost yet: sends and calls are not booked until their price is set.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <h2>Add a unit cost</h2>
      <NewUnitCost onSaved={reload} />
    </div>
  );
}

function UnitCostInputs({ draft, onChange, itemFixed }: { draft: UnitCostDraft; onChange: (draft: UnitCostDraft) => void; itemFixed: boolean }) {
  return (
    <>
      <td>
        {itemFixed ? (
          ITEM_LABELS[draft.item]
        ) : (
          <select aria-label="Item" value={draft.item} onChange={(event) => onChange({ ...draft, item: event.target.value as UnitCostItem })}>
            {UNIT_COST_ITEMS.map((item) => (
              <option key={item} value={item}>
                {ITEM_LABELS[item]}
              </option>
            ))}
          </select>
        )}
      </td>
      <td className="num">
        <input aria-label="Price of one" inputMode="decimal" size={10} value={draft.amount} onChange={(event) => onChange({ ...draft, amount: event.target.value })} />
      </td>
      <td>
        <input aria-label="Currency" size={4} value={draft.currency} onChange={(event) => onChange({ ...draft, currency: event.target.value.toUpperCase() })} />
      </td>
      <td>
        <input aria-label="Valid from" type="date" value={draft.validFrom} onChange={(event) => onChange({ ...draft, validFrom: event.target.value })} />
      </td>
      <td>
        <input aria-label="Valid to" type="date" value={draft.validTo} onChange={(event) => onChange({ ...draft, validTo: event.target.value })} />
      </td>
    </>
  );
}

function UnitCostRow({ cost, onSaved }: { cost: UnitCost; onSaved: () => void }) {
  const [draft, setDraft] = useState(() => unitCostDraftOf(cost));
  const submit = useSubmit();
  const patch = unitCostPatchOf(cost, draft);
  const save = async () => {
    const problem = unitCostProblem(draft);
    if (problem) return submit.setError(problem);
    if (!patch) return;
    if (await submit.run(() => budgetsApi.updateUnitCost(cost.id, patch))) onSaved();
  };
  return (
    <>
      <tr data-item={cost.item} data-unit-cost={cost.id}>
        <UnitCostInputs draft={draft} onChange={setDraft} itemFixed />
        <td>
          <button type="button" className="button" disabled={!patch || submit.busy} onClick={() => void save()}>
            Save
          </button>
        </td>
      </tr>
      {submit.error && (
        <tr>
          <td colSpan={6}>
            <FormError message={submit.error} />
          </td>
        </tr>
      )}
    </>
  );
}

function NewUnitCost({ onSaved }: { onSaved: () => void }) {
  const [draft, setDraft] = useState(() => emptyUnitCostDraft(today()));
  const submit = useSubmit();
  const add = async () => {
    const problem = unitCostProblem(draft);
    if (problem) return submit.setError(problem);
    if (await submit.run(() => budgetsApi.createUnitCost(unitCostInputOf(draft)))) {
      setDraft(emptyUnitCostDraft(today()));
      onSaved();
    }
  };
  return (
    <form
      aria-label="Add a unit cost"
      onSubmit={(event) => {
        event.preventDefault();
        void add();
      }}
    >
      <table className="budget-table unit-costs">
        <tbody>
          <tr>
            <UnitCostInputs draft={draft} onChange={setDraft} itemFixed={false} />
            <td>
              <button type="submit" className="button button--primary" disabled={submit.busy}>
                Add
              </button>
            </td>
          </tr>
        </tbody>
      </table>
      <FormError message={submit.error} />
    </form>
  );
}
