import { templatesApi } from '../api/templates-client';
import { formatTime } from '../app/format-time';
import { Link } from '../app/link';
import { LoadStatus } from '../app/load-status';
import { usePrincipal } from '../auth/session';
import { useLoaded } from '../contacts/use-loaded';
import './templates.css';

/** The template studio's start: every template with its channel, languages and last change; "New template" for those who may write. */
export function TemplateListPage() {
  const templates = useLoaded(templatesApi.list, []);
  const mayWrite = usePrincipal().permissions.includes('templates:write');
  return (
    <div className="page">
      <div className="page__header">
        <h1>Templates</h1>
        <span className="template-list__actions">
          <Link href="/salutations">Salutation matrix</Link>
          {mayWrite && (
            <Link href="/templates/new" className="button button--primary">
              New template
            </Link>
          )}
        </span>
      </div>
      <LoadStatus loaded={templates} what="the templates" />
      {templates.status === 'ready' && templates.value.length === 0 && <p className="muted">No templates yet: write the first one.</p>}
      {templates.status === 'ready' && templates.value.length > 0 && (
        <table className="table" aria-label="Templates">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Channel</th>
              <th scope="col">Languages</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {templates.value.map((template) => (
              <tr key={template.id}>
                <td>
                  <Link href={`/templates/${encodeURIComponent(template.id)}`}>{template.name}</Link>
                </td>
                <td>{template.channel}</td>
                <td>
                  {template.variants.map((variant) => (
                    <span key={variant.language} className={variant.language === template.language ? 'language-tag language-tag--default' : 'language-tag'} title={variant.language === template.language ? 'Default language' : undefined}>
                      {variant.language}
                    </span>
                  ))}
                </td>
                <td className="table__time">{formatTime(template.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
