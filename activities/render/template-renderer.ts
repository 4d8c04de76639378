import Handlebars from 'handlebars';
import type { CohortContact } from '../../db/messages';
import { salutation } from './salutation';

/** What a template sees: `{{salutation}}`, `{{contact.firstName}}`, `{{contact.attributes.x}}`. */
export interface TemplateContext {
  salutation: string;
  contact: Omit<CohortContact, 'id'>;
}

export interface RenderableTemplate {
  subject: string;
  body: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
}

export type ContactForTemplate = TemplateContext['contact'];

/**
 * One isolated Handlebars environment: no helpers leak between tenants, prototype access stays
 * off (the 4.6+ default, never re-enabled), and mail text is not HTML-escaped while HTML
 * parts (later) will be.
 */
const handlebars = Handlebars.create();

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** Compile a template once; the returned function renders one contact's message. */
export function compileTemplate(template: RenderableTemplate): (contact: ContactForTemplate) => RenderedMessage {
  const options = { noEscape: true, strict: false, knownHelpersOnly: false } as const;
  let subject: HandlebarsTemplateDelegate<TemplateContext>;
  let body: HandlebarsTemplateDelegate<TemplateContext>;
  try {
    subject = handlebars.compile<TemplateContext>(template.subject, options);
    body = handlebars.compile<TemplateContext>(template.body, options);
    // Compilation is lazy in Handlebars: render once with an empty context to surface syntax errors now.
    const probe = { salutation: '', contact: { attributes: {} } } as unknown as TemplateContext;
    subject(probe);
    body(probe);
  } catch (error) {
    throw new TemplateError(`Template does not compile: ${(error as Error).message}`);
  }
  return (contact) => {
    const context: TemplateContext = { salutation: salutation(contact), contact };
    return { subject: subject(context).replace(/[\r\n]+/g, ' ').trim(), text: body(context) };
  };
}
