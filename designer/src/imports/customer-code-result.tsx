import { contactListExportUrl, type CustomerCodeList } from '../api/crm-client';
import { countOf } from './import-report';

/** A customer-code file's outcome: the new contact list, how many codes matched, and the ones that did not. */
export function CustomerCodeResult({ result }: { result: CustomerCodeList }) {
  return (
    <section className="import-result import-result--ok" aria-labelledby="codes-result-title">
      <h2 id="codes-result-title">Contact list created</h2>
      <p role="status">
        {countOf(result.matched, 'contact', 'contacts')} matched; {countOf(result.unmatched.length, 'code', 'codes')} matched no contact.
      </p>
      <dl className="import-facts">
        <dt>List</dt>
        <dd>{result.name}</dd>
        <dt>List id</dt>
        <dd>
          <code>{result.listId}</code>
        </dd>
      </dl>
      <p>
        <a href={contactListExportUrl(result.listId)}>Download the list’s contacts (CSV)</a>
      </p>
      {result.unmatched.length > 0 && (
        <table className="table import-report">
          <caption>Codes that matched no contact</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Code</th>
            </tr>
          </thead>
          <tbody>
            {result.unmatched.map((entry) => (
              <tr key={`${entry.line}:${entry.code}`}>
                <td className="import-report__line">{entry.line}</td>
                <td>{entry.code}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
