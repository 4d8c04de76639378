import { useState, type FormEvent } from 'react';
import { reviewApi } from '../api/review-client';
import { FormError } from '../app/form-error';
import { formatTime } from '../app/format-time';
import { Link } from '../app/link';
import { LoadStatus } from '../app/load-status';
import { useSubmit } from '../app/use-submit';
import { useLoaded } from '../contacts/use-loaded';
import { MessagePreview } from './message-preview';
import { SubmitRow } from './submit-row';
import { approveQuestion, currentCursor, deadlineText, FIRST_PAGE, messagesCount, nextPage, previousPage } from './review-model';
import './reviews.css';

const PAGE_SIZE = 25;

/**
 * One review: its instructions and counts, the messages waiting at it (paged, searchable by
 * name, e-mail or text), the selected one previewed as it will be sent with inline edit and
 * exclusion, and approval after a confirmation that says how many go on and how many do not.
 */
export function ReviewPage({ reviewId }: { reviewId: string }) {
  const [version, setVersion] = useState(0);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [trail, setTrail] = useState(FIRST_PAGE);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const approval = useSubmit();
  const reload = () => setVersion((v) => v + 1);

  const review = useLoaded(() => reviewApi.get(reviewId), [reviewId, version]);
  const page = useLoaded(() => reviewApi.messages(reviewId, { after: currentCursor(trail), q: query, limit: PAGE_SIZE }), [reviewId, query, trail, version]);
  const shown = page.status === 'ready' ? page.value : page.status === 'loading' ? page.previous : undefined;
  const messages = shown?.messages ?? [];
  const selected = messages.find((message) => message.id === selectedId);

  const find = (event: FormEvent) => {
    event.preventDefault();
    setQuery(search.trim());
    setTrail(FIRST_PAGE);
  };
  const approve = async (event: FormEvent) => {
    event.preventDefault();
    if (await approval.run(() => reviewApi.approve(reviewId))) {
      setConfirming(false);
      reload();
    }
  };

  if (review.status === 'failed') {
    return (
      <div className="page">
        <h1>Review</h1>
        <LoadStatus loaded={review} what="the review" />
        <Link href="/reviews">Back to reviews</Link>
      </div>
    );
  }
  const task = review.status === 'ready' ? review.value : review.previous;
  const open = task?.status === 'open';

  return (
    <div className="page review-page">
      <div className="page__header">
        <div>
          <p className="muted">
            <Link href="/reviews">Reviews</Link> / step <code>{task?.nodeId}</code>
          </p>
          <h1>{task ? `Review: ${task.campaignName}` : 'Review'}</h1>
        </div>
        {task && open && !confirming && (
          <button type="button" className="button button--primary" onClick={() => setConfirming(true)}>
            Approve…
          </button>
        )}
      </div>
      {task && (
        <section className="review-summary" aria-label="Review">
          {task.instructions && <p className="review-summary__instructions">{task.instructions}</p>}
          <p>
            {messagesCount(task.counts.messages)} waiting · {task.counts.excluded} excluded · {task.counts.edited} edited · deadline {deadlineText(task.dueAt, formatTime)}
          </p>
          {!open && (
            <p role="status" className="review-summary__decided">
              This review is {task.outcome ?? task.status}
              {task.closedAt ? ` (${formatTime(task.closedAt)})` : ''}: its messages have moved on.
            </p>
          )}
          {confirming && open && (
            <form className="review-confirm" aria-label="Confirm approval" onSubmit={(event) => void approve(event)}>
              <p>{approveQuestion(task.counts)}</p>
              <FormError message={approval.error} />
              <SubmitRow busy={approval.busy} label="Approve and send" busyLabel="Approving…" onCancel={() => setConfirming(false)} />
            </form>
          )}
        </section>
      )}
      <div className="review-page__body">
        <section className="review-messages" aria-label="Messages">
          <form className="inline-form" role="search" onSubmit={find}>
            <input type="search" aria-label="Search messages" placeholder="Name, e-mail or text" maxLength={200} value={search} onChange={(event) => setSearch(event.target.value)} />
            <button type="submit" className="button">
              Search
            </button>
          </form>
          <LoadStatus loaded={page} what="the messages" />
          <table className="table review-messages__table">
            <thead>
              <tr>
                <th>Contact</th>
                <th>Subject</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((message) => (
                <tr key={message.id} className={message.id === selectedId ? 'is-selected' : undefined}>
                  <td>
                    <button type="button" className="link-button" aria-pressed={message.id === selectedId} onClick={() => setSelectedId(message.id)}>
                      {message.contactName || message.toAddress}
                    </button>
                    <div className="muted">{message.toAddress}</div>
                  </td>
                  <td>{message.subject}</td>
                  <td>
                    {message.status === 'excluded' && <span className="review-badge review-badge--excluded">excluded</span>}
                    {message.edited && <span className="review-badge review-badge--edited">edited</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.status === 'ready' && messages.length === 0 && <p className="muted">{query ? `No message matches “${query}”.` : 'No messages wait at this review.'}</p>}
          <div className="button-row">
            <button type="button" className="button" disabled={trail.cursors.length <= 1} onClick={() => setTrail(previousPage(trail))}>
              Previous
            </button>
            <button type="button" className="button" disabled={!shown?.next} onClick={() => shown?.next && setTrail(nextPage(trail, shown.next))}>
              Next
            </button>
          </div>
        </section>
        <MessagePreview key={selected?.id ?? 'none'} reviewId={reviewId} message={selected} open={open} onChanged={reload} />
      </div>
    </div>
  );
}
