import { reviewApi } from '../api/review-client';
import { formatTime } from '../app/format-time';
import { Link } from '../app/link';
import { LoadStatus } from '../app/load-status';
import { useLoaded } from '../contacts/use-loaded';
import { deadlineText } from './review-model';
import './reviews.css';

/** The reviewer's queue: the open reviews they may work (their node names them), the soonest due first. */
export function ReviewsPage() {
  const reviews = useLoaded(() => reviewApi.list(), []);
  return (
    <div className="page reviews-page">
      <div className="page__header">
        <h1>Reviews</h1>
      </div>
      <LoadStatus loaded={reviews} what="your reviews" />
      {reviews.status === 'ready' &&
        (reviews.value.length === 0 ? (
          <div className="reviews-empty">
            <p>
              <strong>No reviews waiting for you.</strong>
            </p>
            <p className="muted">A review appears here when a campaign’s review step names you, your team or your role, and its messages are ready.</p>
          </div>
        ) : (
          <table className="table" aria-label="Open reviews">
            <thead>
              <tr>
                <th>Campaign</th>
                <th>Step</th>
                <th>Messages</th>
                <th>Excluded</th>
                <th>Deadline</th>
              </tr>
            </thead>
            <tbody>
              {reviews.value.map((review) => (
                <tr key={review.id}>
                  <td>
                    <Link href={`/reviews/${review.id}`}>{review.campaignName}</Link>
                  </td>
                  <td>
                    <code>{review.nodeId}</code>
                  </td>
                  <td>{review.counts.messages}</td>
                  <td>{review.counts.excluded}</td>
                  <td className="table__time">{deadlineText(review.dueAt, formatTime)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}
