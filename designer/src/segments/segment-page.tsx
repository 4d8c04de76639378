import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { segmentsApi, type Segment } from '../api/segments-client';
import { Link } from '../app/link';
import { SegmentEditor } from './segment-editor';
import { useFieldCatalog } from './use-field-catalog';

type Loaded = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; segment: Segment | null };

/** One segment in the builder; `segmentId` null = a new one, created by its first save. */
export function SegmentPage({ segmentId }: { segmentId: string | null }) {
  const catalog = useFieldCatalog();
  const [loaded, setLoaded] = useState<Loaded>(segmentId === null ? { status: 'ready', segment: null } : { status: 'loading' });

  useEffect(() => {
    if (segmentId === null) return;
    let current = true;
    segmentsApi
      .getSegment(segmentId)
      .then((segment) => current && setLoaded({ status: 'ready', segment }))
      .catch((error: unknown) => current && setLoaded({ status: 'failed', message: errorMessage(error) }));
    return () => {
      current = false;
    };
  }, [segmentId]);

  if (loaded.status === 'failed') {
    return (
      <div className="page">
        <h1>Cannot open this segment</h1>
        <p className="field__error" role="alert">
          {loaded.message}
        </p>
        <Link href="/segments">Back to the segments</Link>
      </div>
    );
  }
  if (loaded.status === 'loading' || catalog.status === 'loading') return <p className="page muted">Loading segment…</p>;
  return <SegmentEditor segment={loaded.segment} catalog={catalog.catalog} catalogWarning={catalog.warning} />;
}
