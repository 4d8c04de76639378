/** Saved segments (being built; see issue 4). */
export function SegmentListPage() {
  return (
    <div className="page">
      <h1>Segments</h1>
    </div>
  );
}
