/** One segment in the segment builder; `segmentId` null = a new one (being built; see issue 4). */
export function SegmentPage({ segmentId }: { segmentId: string | null }) {
  return (
    <div className="page">
      <h1>{segmentId ? 'Segment' : 'New segment'}</h1>
    </div>
  );
}
