/** CSV imports: column mapping, progress and the error report (being built; see issue 4). */
export function ImportPage() {
  return (
    <div className="page">
      <h1>Import</h1>
    </div>
  );
}
