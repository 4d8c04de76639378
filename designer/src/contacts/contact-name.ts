import type { Contact } from '../api/crm-client';

/** "Dr Ana Pop": title and names as written; empty when the contact has no name at all. */
export function fullName(contact: Pick<Contact, 'title' | 'firstName' | 'lastName'>): string {
  return [contact.title, contact.firstName, contact.lastName].filter((part) => part && part.trim() !== '').join(' ');
}

/** What a contact is called in lists and headings: the name, else the e-mail, else the customer code. */
export function displayName(contact: Contact): string {
  return fullName({ title: null, firstName: contact.firstName, lastName: contact.lastName }) || contact.email || contact.customerCode || 'Unnamed contact';
}
