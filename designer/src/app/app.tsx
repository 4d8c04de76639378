import { ContactListPage } from '../contacts/contact-list-page';
import { ContactPage } from '../contacts/contact-page';
import { EditorPage } from '../editor/editor-page';
import { FlowListPage } from '../flows/flow-list-page';
import { ImportPage } from '../imports/import-page';
import { OutboxPage } from '../outbox/outbox-page';
import { SegmentListPage } from '../segments/segment-list-page';
import { SegmentPage } from '../segments/segment-page';
import { Link } from './link';
import { matchRoute, useLocation } from './router';
import { TopNav } from './top-nav';

export function App() {
  const route = matchRoute(useLocation());
  return (
    <div className="app">
      <TopNav route={route} />
      <main className="app__main">
        {route.page === 'flows' && <FlowListPage />}
        {route.page === 'editor' && <EditorPage flowId={route.flowId} newName={route.newName} />}
        {route.page === 'outbox' && <OutboxPage />}
        {route.page === 'contacts' && <ContactListPage />}
        {route.page === 'contact' && <ContactPage key={route.contactId} contactId={route.contactId} />}
        {route.page === 'import' && <ImportPage />}
        {route.page === 'segments' && <SegmentListPage />}
        {route.page === 'segment' && <SegmentPage key={route.segmentId ?? 'new'} segmentId={route.segmentId} />}
        {route.page === 'not-found' && (
          <div className="page">
            <h1>Not found</h1>
            <p>
              Nothing lives here. <Link href="/">Back to the flows</Link>
            </p>
          </div>
        )}
      </main>
    </div>
  );
}
