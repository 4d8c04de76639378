import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevOutbox, type DevOutbox } from '../../channels/dev-outbox';
import { createSmtpMailer, smtpMessageId } from '../../channels/smtp';

describe('dev outbox (a real SMTP server storing .eml files)', () => {
  let dir: string;
  let outbox: DevOutbox | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cs-outbox-'));
  });
  afterEach(async () => {
    await outbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists mails sent over SMTP, newest first, parsed', async () => {
    outbox = await startDevOutbox({ dir });
    expect(outbox.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    const mailer = createSmtpMailer(outbox.url);
    await mailer.send({ messageId: 'm-1', from: 'Campaign Studio <campaigns@example.test>', to: 'ana@example.test', subject: 'Hello Ana', text: 'Dear Ms Ana Pop,\nwelcome.' });
    await mailer.send({
      messageId: 'm-2',
      from: 'Campaign Studio <campaigns@example.test>',
      to: 'Ion Popescu <ion@example.test>',
      subject: 'Bună ziua, Ion',
      text: 'Stimate domnule Ion Popescu',
      html: '<p>Stimate domnule <b>Ion Popescu</b></p>',
    });
    await mailer.close();

    const mails = await outbox.list();
    expect(mails.map((mail) => mail.subject)).toEqual(['Bună ziua, Ion', 'Hello Ana']);
    const [ion, ana] = mails;
    expect(ion).toMatchObject({
      messageId: smtpMessageId('m-2'),
      from: '"Campaign Studio" <campaigns@example.test>',
      to: '"Ion Popescu" <ion@example.test>',
      text: 'Stimate domnule Ion Popescu',
      html: '<p>Stimate domnule <b>Ion Popescu</b></p>',
    });
    expect(ana).toMatchObject({ messageId: smtpMessageId('m-1'), to: 'ana@example.test' });
    // Not one of our message ids (those are uuids): no reference into the database.
    expect(ion?.messageRef).toBeNull();
    expect(ana?.text.trimEnd()).toBe('Dear Ms Ana Pop,\nwelcome.');
    expect(ana?.html).toBeUndefined();
    expect(Date.parse(ana!.receivedAt)).toBeLessThanOrEqual(Date.parse(ion!.receivedAt));
    expect(await outbox.list({ limit: 1 })).toHaveLength(1);
    expect((await readdir(dir)).filter((file) => file.endsWith('.eml'))).toHaveLength(2);
  });

  it('shows every header as received, List-Unsubscribe as written, and the message id of our mails', async () => {
    outbox = await startDevOutbox({ dir });
    const mailer = createSmtpMailer(outbox.url, { pool: false });
    const messageId = '5b0c3e1a-7d2f-4c8e-9a61-0f2d4b6c8e10';
    const unsubscribe = `<https://studio.example.test/u/${messageId}/${'s'.repeat(22)}>, <mailto:unsubscribe@example.test?subject=unsubscribe-${messageId}>`;
    await mailer.send({
      messageId,
      from: 'Campaign Studio <campaigns@example.test>',
      to: 'eva@example.test',
      subject: 'Ponudba za vašo pisarno',
      text: 'Spoštovana gospa Novak',
      html: '<p>Spoštovana gospa Novak</p>',
      headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    await mailer.close();

    const [mail] = await outbox.list();
    expect(mail?.messageRef).toBe(messageId);
    // Long headers are folded on the wire; the outbox shows them on one line, as sent.
    expect(mail?.headers['list-unsubscribe']).toBe(unsubscribe);
    expect(mail?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // Encoded words decoded; the envelope recipient as the outbox recorded it.
    expect(mail?.headers.subject).toBe('Ponudba za vašo pisarno');
    expect(mail?.headers['message-id']).toBe(smtpMessageId(messageId));
    expect(mail?.headers['delivered-to']).toBe('eva@example.test');
    expect(mail?.headers['content-type']).toMatch(/^multipart\/alternative/);
  });

  it('keeps its mails across a restart', async () => {
    outbox = await startDevOutbox({ dir });
    const mailer = createSmtpMailer(outbox.url, { pool: false });
    await mailer.send({ messageId: 'kept', from: 'a@example.test', to: 'b@example.test', subject: 'Still here', text: 'after a restart' });
    await mailer.close();
    await outbox.close();

    outbox = await startDevOutbox({ dir });
    expect((await outbox.list()).map((mail) => mail.subject)).toEqual(['Still here']);
  });

  it('shows the envelope recipient when the mail has no To header (Bcc only)', async () => {
    outbox = await startDevOutbox({ dir });
    const transport = nodemailer.createTransport({ url: outbox.url });
    await transport.sendMail({ from: 'a@example.test', bcc: 'hidden@example.test', subject: 'Bcc only', text: 'x' });
    transport.close();
    const [mail] = await outbox.list();
    expect(mail).toMatchObject({ subject: 'Bcc only', to: 'hidden@example.test' });
  });
});
