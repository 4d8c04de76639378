import { useEffect } from 'react';
import type { Principal } from '../api/auth-client';
import { AuditPage } from '../audit/audit-page';
import { ResetPasswordPage } from '../auth/reset-password-page';
import { AnalysisPage } from '../budgets/analysis-page';
import { BudgetHomePage } from '../budgets/budget-home-page';
import { PlanPage } from '../budgets/plan-page';
import { UnitCostsPage } from '../budgets/unit-costs-page';
import { ROLE_LABELS } from '../auth/roles';
import { useSession } from '../auth/session';
import { SignInPage } from '../auth/sign-in-page';
import { CampaignListPage } from '../campaigns/campaign-list-page';
import { ContactListPage } from '../contacts/contact-list-page';
import { ContactPage } from '../contacts/contact-page';
import { EditorPage } from '../editor/editor-page';
import { FlowListPage } from '../flows/flow-list-page';
import { ImportPage } from '../imports/import-page';
import { OutboxPage } from '../outbox/outbox-page';
import { PeoplePage } from '../people/people-page';
import { ReportPage } from '../reports/report-page';
import { ReportsPage } from '../reports/reports-page';
import { ReviewPage } from '../reviews/review-page';
import { ReviewsPage } from '../reviews/reviews-page';
import { SegmentListPage } from '../segments/segment-list-page';
import { SegmentPage } from '../segments/segment-page';
import { TasksPage } from '../tasks/tasks-page';
import { SalutationsPage } from '../templates/salutations-page';
import { TemplateListPage } from '../templates/template-list-page';
import { TemplatePage } from '../templates/template-page';
import { Link } from './link';
import { canOpen, homePath } from './navigation';
import { navigate, useLocation } from './router';
import { matchRoute, type Route } from './routes';
import { TopNav } from './top-nav';

/** The sign-in screens need no session; every other page is drawn for the signed-in person. */
export function App() {
  const route = matchRoute(useLocation());
  if (route.page === 'sign-in') return <SignInPage />;
  if (route.page === 'reset-password') return <ResetPasswordPage />;
  return <SignedInApp route={route} />;
}

/**
 * Asks GET /api/auth/me once; until it answers, only the empty bar (a 401 has sent the person
 * to sign in by then). `/` opens the person's home; a page their role lacks says so.
 */
function SignedInApp({ route }: { route: Route }) {
  const { session, retry } = useSession();
  const principal = session.status === 'signed-in' ? session.principal : undefined;
  const home = principal ? homePath(principal) : null;

  useEffect(() => {
    if (route.page === 'home' && home) navigate(home, { replace: true });
  }, [route.page, home]);

  return (
    <div className="app">
      <TopNav route={route} principal={principal} />
      <main className="app__main" aria-busy={!principal}>
        {session.status === 'failed' && (
          <div className="page">
            <p className="field__error" role="alert">
              Could not reach the server: {session.message}
            </p>
            <button type="button" className="button" onClick={retry}>
              Try again
            </button>
          </div>
        )}
        {principal && route.page !== 'home' && (canOpen(route.page, principal.permissions) ? <Page route={route} /> : <AccessRefused principal={principal} />)}
      </main>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'flows':
      return <FlowListPage />;
    case 'editor':
      return <EditorPage flowId={route.flowId} newName={route.newName} />;
    case 'campaigns':
      return <CampaignListPage />;
    case 'outbox':
      return <OutboxPage />;
    case 'contacts':
      return <ContactListPage />;
    case 'contact':
      return <ContactPage key={route.contactId} contactId={route.contactId} />;
    case 'import':
      return <ImportPage />;
    case 'segments':
      return <SegmentListPage />;
    case 'segment':
      return <SegmentPage key={route.segmentId ?? 'new'} segmentId={route.segmentId} />;
    case 'tasks':
      return <TasksPage />;
    case 'reviews':
      return <ReviewsPage />;
    case 'review':
      return <ReviewPage key={route.reviewId} reviewId={route.reviewId} />;
    case 'people':
      return <PeoplePage />;
    case 'audit':
      return <AuditPage />;
    case 'templates':
      return <TemplateListPage />;
    case 'template':
      // Not keyed by id: a new template's first save moves the address without opening it again.
      return <TemplatePage templateId={route.templateId} />;
    case 'salutations':
      return <SalutationsPage />;
    case 'budget':
      return <BudgetHomePage />;
    case 'plan':
      return <PlanPage key={route.campaignId} campaignId={route.campaignId} />;
    case 'analysis':
      return <AnalysisPage key={route.campaignId} campaignId={route.campaignId} />;
    case 'reports':
      return <ReportsPage />;
    case 'report':
      return <ReportPage key={route.reportId} reportId={route.reportId} />;
    case 'unit-costs':
      return <UnitCostsPage />;
    case 'home':
    case 'sign-in':
    case 'reset-password':
    case 'not-found':
      return (
        <div className="page">
          <h1>Not found</h1>
          <p>
            Nothing lives here. <Link href="/">Back to the start</Link>
          </p>
        </div>
      );
  }
}

/** A page the person's role does not include: said plainly, with the way home. */
function AccessRefused({ principal }: { principal: Principal }) {
  return (
    <div className="page access-refused" role="alert">
      <h1>Not available to your role</h1>
      <p>
        Your role ({ROLE_LABELS[principal.role]}) cannot open this page. <Link href="/">Go to your start page</Link>
      </p>
      <p className="muted">If you need it, ask an administrator to change your role.</p>
    </div>
  );
}
