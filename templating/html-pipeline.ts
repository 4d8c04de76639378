import type { ChildNode, Document, Element } from 'domhandler';
import { convert } from 'html-to-text';
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

/** Preheader first in the body, footer last, then the CSS inlined (juice: clients drop <style>). */
export function composeHtml(rendered: string, parts: { preheader: string | null; footer: string | null }): string {
  const document = parseDocument(rendered);
  if (parts.preheader) insertFirst(document, fragment(parts.preheader));
  if (parts.footer) insertLast(document, fragment(parts.footer));
  return juice(DomUtils.getOuterHTML(document, SERIALISE), { preserveMediaQueries: true, preserveFontFaces: true, applyWidthAttributes: true });
}

const TRACKABLE = /^https?:\/\//i;

/**
 * Every http(s) `<a href>`, in document order, pointed at its signed click URL; the original
 * URLs come back in that order (index = the click URL's :index). mailto:, tel:, #anchors and
 * the hrefs in `keep` (our own unsubscribe and preference links, which must work even for a
 * reader who blocks tracking) stay as they are. The open pixel closes the body.
 */
export function trackHtml(html: string, track: { clickUrl: (index: number) => string; pixelUrl: string | null; keep: ReadonlySet<string> }): { html: string; links: string[] } {
  const document = parseDocument(html);
  const links: string[] = [];
  const anchors = DomUtils.findAll((element) => element.name === 'a' && typeof element.attribs.href === 'string', document.children);
  for (const anchor of anchors) {
    const href = anchor.attribs.href!.trim();
    if (!TRACKABLE.test(href) || track.keep.has(href)) continue;
    anchor.attribs.href = track.clickUrl(links.length);
    links.push(href);
  }
  if (track.pixelUrl) {
    const pixel = `<img src="${Handlebars.escapeExpression(track.pixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
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
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'style', format: 'skip' },
      { selector: 'head', format: 'skip' },
    ],
  }).trim();
}
