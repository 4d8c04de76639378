/** Contacts: search and paging (being built; see issue 4). */
export function ContactListPage() {
  return (
    <div className="page">
      <h1>Contacts</h1>
    </div>
  );
}
