import type { ChildNode, Document, Element } from 'domhandler';
import { compile } from 'html-to-text';
import { DomUtils, parseDocument } from 'htmlparser2';
import Handlebars from 'handlebars';
import juice from 'juice';

/**
 * The HTML part of a mail, from the rendered template to what is sent, with well-kept libraries
 * only (htmlparser2 to find and change elements, juice to inline CSS, html-to-text for the text
 * part): nothing here reads HTML by hand.
 */

/** Serialised as UTF-8: only markup characters become entities, "ő" stays "ő". */
const SERIALISE = { encodeEntities: 'utf8' } as const;

function bodyOf(document: Document): Element | null {
  return DomUtils.findOne((element) => element.name === 'body', document.children, true);
}

/** Nodes of an HTML fragment, ready to be inserted elsewhere. */
function fragment(html: string): ChildNode[] {
  return [...parseDocument(html).children];
}

/** Put `nodes` first inside the body (the document's start when there is no body element). */
function insertFirst(document: Document, nodes: ChildNode[]): void {
  const body = bodyOf(document);
  for (const node of [...nodes].reverse()) {
    if (body) DomUtils.prependChild(body, node);
    else if (document.children[0]) DomUtils.prepend(document.children[0], node);
    else DomUtils.appendChild(document, node);
  }
}

/** Put `nodes` last inside the body (the document's end when there is no body element). */
function insertLast(document: Document, nodes: ChildNode[]): void {
  const body = bodyOf(document);
  for (const node of nodes) DomUtils.appendChild(body ?? document, node);
}

/**
 * The preview line inboxes show after the subject, as the body's first element and hidden when
 * the mail is opened (the usual invisible-preheader styles, Outlook's mso-hide included).
 */
export function preheaderHtml(escapedText: string): string {
  return `<div class="cs-preheader" style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;color:transparent">${escapedText}</div>`;
}

/**
 * The template's CSS inlined into its elements (juice: mail clients drop <style>). Done once per
 * variant, on the Handlebars source: juice leaves `{{…}}` blocks as they are (its HBS code
 * blocks), and values are HTML-escaped when rendered, so rendering adds no element a selector
 * could match. Media queries and font faces stay in a <style> for the clients that read them.
 */
export function inlineCss(html: string): string {
  return juice(html, { preserveMediaQueries: true, preserveFontFaces: true, applyWidthAttributes: true });
}

/** What a rendered HTML body gets before it is sent. */
export interface HtmlFinish {
  /** The hidden preview line, as HTML (preheaderHtml), or null. */
  preheader: string | null;
  /** The footer, as HTML with its own inline styles, or null (service mail). */
  footer: string | null;
  clickUrl: (index: number) => string;
  pixelUrl: string | null;
  /** Hrefs never tracked: our own unsubscribe and preference links, which must work for a reader who blocks tracking. */
  keep: ReadonlySet<string>;
}

const TRACKABLE = /^https?:\/\//i;

/**
 * One pass over the rendered body: the preheader first in the body, the footer last; every
 * http(s) `<a href>`, in document order, pointed at its signed click URL, the original URLs
 * returned in that order (index = the click URL's :index); mailto:, tel:, #anchors and the
 * hrefs in `keep` stay as they are; the open pixel closes the body.
 */
export function finishHtml(rendered: string, finish: HtmlFinish): { html: string; links: string[] } {
  const document = parseDocument(rendered);
  if (finish.preheader) insertFirst(document, fragment(finish.preheader));
  if (finish.footer) insertLast(document, fragment(finish.footer));
  const links: string[] = [];
  const anchors = DomUtils.findAll((element) => element.name === 'a' && typeof element.attribs.href === 'string', document.children);
  for (const anchor of anchors) {
    const href = anchor.attribs.href!.trim();
    if (!TRACKABLE.test(href) || finish.keep.has(href)) continue;
    anchor.attribs.href = finish.clickUrl(links.length);
    links.push(href);
  }
  if (finish.pixelUrl) {
    const pixel = `<img src="${Handlebars.escapeExpression(finish.pixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
    insertLast(document, fragment(pixel));
  }
  return { html: DomUtils.getOuterHTML(document, SERIALISE), links };
}

/**
 * The text part when the variant has no written one: html-to-text over the rendered HTML (links
 * as "text [url]", images left out, lines wrapped as mail is). Derived before the preheader and
 * footer go in: the text footer is added on its own.
 */
export function htmlToText(html: string): string {
  return toText(html).trim();
}

/** Compiled once: html-to-text's `convert` would compile its options again for every mail. */
const toText = compile({
  wordwrap: 78,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'style', format: 'skip' },
    { selector: 'head', format: 'skip' },
  ],
});
