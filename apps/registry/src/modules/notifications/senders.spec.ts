import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import { SMTPServer } from 'smtp-server';
import { message } from './messages.js';
import { NotifySender, SmtpSender } from './senders.js';

/** The senders against real servers started here: an SMTP server (smtp-server) and a stand-in Notify HTTP API. */
describe('notification senders', () => {
  const received: { from: string; to: string[]; data: string }[] = [];
  let smtp: SMTPServer;
  let smtpPort: number;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends a selected-outcome e-mail over SMTP: the council by name, the link, nothing about the child', async () => {
    const sender = new SmtpSender(`smtp://127.0.0.1:${smtpPort}`, 'rcc@example.org');
    const m = message(
      'selected',
      { referralId: '0b8f7a52-1c1e-4f7e-9a51-0d3c2c9f1e11', councilName: 'Staffordshire' },
      'https://rcc.example.org',
    );
    await sender.send({ to: 'manager@home.example', ...m });
    await sender.close();
    expect(received).toHaveLength(1);
    expect(received[0]!.from).toBe('rcc@example.org');
    expect(received[0]!.to).toEqual(['manager@home.example']);
    expect(received[0]!.data).toContain('Subject: Staffordshire accepted your offer (referral 0b8f7a52)');
    // The body is quoted-printable: soft line breaks are undone before reading it.
    expect(received[0]!.data.replace(/=\r?\n/g, '')).toContain(
      'https://rcc.example.org/provider/referrals/0b8f7a52-1c1e-4f7e-9a51-0d3c2c9f1e11',
    );
  });

  it('sends a tender outcome over SMTP to the bidder: its own rank, the standstill in GOV.UK words, the link', async () => {
    const sender = new SmtpSender(`smtp://127.0.0.1:${smtpPort}`, 'rcc@example.org');
    const tenderId = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    const facts = { tenderId, rank: 2, bidsInLot: 3, standstillEndsOn: '2027-01-15' };
    await sender.send({
      to: 'bids@provider.example',
      ...message('tender-outcome', { ...facts, outcome: 'unsuccessful' }, 'https://rcc.example.org'),
    });
    await sender.close();
    const mail = received.at(-1)!;
    expect(mail.to).toEqual(['bids@provider.example']);
    expect(mail.data).toContain('Subject: Tender 7c1d2e3f: your bid was not successful');
    const body = mail.data.replace(/=\r?\n/g, '');
    expect(body).toContain('ranked 2 of 3 in its lot');
    expect(body).toContain('until the standstill period ends on 15 January 2027');
    expect(body).toContain(`https://rcc.example.org/provider/tenders/${tenderId}`);
    const won = message('tender-outcome', { ...facts, rank: 1, outcome: 'successful' }, 'https://x.example');
    expect(won.subject).toBe('Tender 7c1d2e3f: your bid was successful');
    expect(won.body).toContain('ranked first of 3');
  });

  it('sends tender notices over SMTP: a new tender with its deadline in words, an answered clarification', async () => {
    const sender = new SmtpSender(`smtp://127.0.0.1:${smtpPort}`, 'rcc@example.org');
    const tenderId = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
    const title = 'Residential block beds 2027';
    await sender.send({
      to: 'bids@provider.example',
      ...message('tender-published', { tenderId, title, bidsCloseOn: '2027-01-31' }, 'https://rcc.example.org'),
    });
    await sender.send({
      to: 'bids@provider.example',
      ...message('clarification-answered', { tenderId, title }, 'https://rcc.example.org'),
    });
    await sender.close();
    const [published, answered] = received.slice(-2);
    // A long header is folded over lines (RFC 5322): unfolded before reading it.
    const unfold = (data: string) => data.replace(/\r?\n(?=[ \t])/g, '');
    expect(unfold(published!.data)).toContain(
      'Subject: New tender: Residential block beds 2027, bids close 31 January 2027',
    );
    const body = published!.data.replace(/=\r?\n/g, '');
    expect(body).toContain('until the end of 31 January 2027 (UK time)');
    expect(body).toContain(`https://rcc.example.org/provider/tenders/${tenderId}`);
    expect(answered!.to).toEqual(['bids@provider.example']);
    expect(unfold(answered!.data)).toContain(
      'Subject: A clarification question was answered: Residential block beds 2027',
    );
    expect(answered!.data.replace(/=\r?\n/g, '')).toContain(`https://rcc.example.org/provider/tenders/${tenderId}`);
    // A tender with no deadline yet says so rather than inventing one.
    expect(message('tender-published', { tenderId, title }, 'https://x.example').subject).toBe(
      'New tender: Residential block beds 2027, no closing date set yet',
    );
  });

  it('no message carries more than the referral id, the council name (winner only) and the deadline', () => {
    const facts = {
      referralId: '0b8f7a52-1c1e-4f7e-9a51-0d3c2c9f1e11',
      respondBy: new Date('2027-01-02T10:00:00Z'),
      settings: 2,
    };
    for (const kind of ['new-referral', 'offer-received', 'decline-received', 'not-selected'] as const) {
      const m = message(kind, { ...facts, councilName: 'Staffordshire' }, 'https://x.example');
      // Only the chosen provider learns which council; nothing else a message says is about a child.
      expect(`${m.subject}\n${m.body}`).not.toContain('Staffordshire');
    }
    expect(message('new-referral', facts, 'https://x.example').subject).toBe(
      'New referral 0b8f7a52: respond by 2 January at 10:00 (UTC)',
    );
  });

  it('sends through the GOV.UK Notify API: a signed token per request, the template and its two fields', async () => {
    const serviceId = '26785a09-ab16-4eb0-8407-a37497a57506';
    const secret = '3d844edf-8d35-48ac-975b-e847b4f122b0';
    const calls: { auth: string; body: Record<string, unknown> }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls.push({ auth: req.headers.authorization ?? '', body: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(req.url === '/v2/notifications/email' ? 201 : 404, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const sender = new NotifySender(`rcc_test-${serviceId}-${secret}`, 'f33517ff-2a88-4f6e-b855-c550268ce08a', url);
      await sender.send({ to: 'officer@council.example', subject: 'S', body: 'B' });
      expect(calls).toHaveLength(1);
      expect(calls[0]!.body).toEqual({
        email_address: 'officer@council.example',
        template_id: 'f33517ff-2a88-4f6e-b855-c550268ce08a',
        personalisation: { subject: 'S', body: 'B' },
      });
      const token = calls[0]!.auth.replace(/^Bearer /, '');
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { issuer: serviceId });
      expect(typeof payload.iat).toBe('number');
      expect(() => new NotifySender('not-a-key', 't')).toThrow(/not a GOV.UK Notify API key/);
      const failing = new NotifySender(`rcc_test-${serviceId}-${secret}`, 't', `${url}/nowhere`);
      await expect(failing.send({ to: 'a@b.example', subject: 'S', body: 'B' })).rejects.toThrow(/answered 404/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
