import { useState } from 'react';
import { MANUAL_COST_CHANNELS } from '../../../contracts/budget';
import { budgetsApi, type CostEntry } from '../api/budgets-client';
import { FormError } from '../app/form-error';
import { useSubmit } from '../app/use-submit';
import { CHANNEL_LABELS } from './plan-draft';

type ManualChannel = (typeof MANUAL_COST_CHANNELS)[number];

const AMOUNT = /^-?\d{1,12}(\.\d{1,2})?$/;

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * A cost booked by hand (agency, media, other) with the document it comes from. The ledger is
 * never changed: a wrong line is corrected by a negative one, which the hint says.
 */
export function ManualCostForm({ campaignId, currency, onBooked }: { campaignId: string; currency: string; onBooked: (entry: CostEntry) => void }) {
  const [channel, setChannel] = useState<ManualChannel>('agency');
  const [amount, setAmount] = useState('');
  const [documentRef, setDocumentRef] = useState('');
  const [note, setNote] = useState('');
  const [incurredOn, setIncurredOn] = useState(today);
  const submit = useSubmit();

  const book = async () => {
    if (!AMOUNT.test(amount.trim())) return submit.setError('The amount: a number like 1250 or 1250.50 (negative to correct a line)');
    if (documentRef.trim() === '') return submit.setError('Name the invoice or contract the cost comes from');
    const ok = await submit.run(async () => {
      const entry = await budgetsApi.bookManualCost(campaignId, {
        channel,
        amount: amount.trim(),
        currency,
        documentRef: documentRef.trim(),
        note: note.trim() === '' ? null : note.trim(),
        incurredOn,
      });
      onBooked(entry);
    });
    if (ok) {
      setAmount('');
      setDocumentRef('');
      setNote('');
    }
  };

  return (
    <form
      className="manual-cost"
      aria-label="Book a cost by hand"
      onSubmit={(event) => {
        event.preventDefault();
        void book();
      }}
    >
      <label className="field">
        <span className="field__label">Channel</span>
        <select name="channel" value={channel} onChange={(event) => setChannel(event.target.value as ManualChannel)}>
          {MANUAL_COST_CHANNELS.map((value) => (
            <option key={value} value={value}>
              {CHANNEL_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Amount ({currency})</span>
        <input name="amount" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
      </label>
      <label className="field">
        <span className="field__label">Document reference</span>
        <input name="documentRef" value={documentRef} onChange={(event) => setDocumentRef(event.target.value)} placeholder="Invoice 2026-0142" />
      </label>
      <label className="field">
        <span className="field__label">Day</span>
        <input name="incurredOn" type="date" value={incurredOn} onChange={(event) => setIncurredOn(event.target.value)} />
      </label>
      <label className="field manual-cost__note">
        <span className="field__label">Note</span>
        <input name="note" value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Booking…' : 'Book cost'}
      </button>
      <FormError message={submit.error} />
      <p className="muted manual-cost__hint">Booked lines are never changed: to correct one, book the difference as a negative amount.</p>
    </form>
  );
}
