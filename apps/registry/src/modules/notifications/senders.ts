import { createTransport, type Transporter } from 'nodemailer';
import { SignJWT } from 'jose';

/** A message as it leaves the platform: to one address, plain text, never child-identifying (docs/adr/0051). */
export interface OutgoingMessage {
  to: string;
  subject: string;
  body: string;
}

/** The way a deployment sends messages (RCC_NOTIFY_SENDER). */
export interface MessageSender {
  send(message: OutgoingMessage): Promise<void>;
  close(): Promise<void>;
}

/** E-mail through an SMTP relay (`smtp://user:pass@host:port`, or `smtps://` for TLS from the start). */
export class SmtpSender implements MessageSender {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(url);
  }

  async send(m: OutgoingMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.body });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/**
 * GOV.UK Notify's e-mail API (POST /v2/notifications/email). The API key is `{name}-{service id}-{secret}`: each
 * request carries a JWT (HS256, `iss` the service id, `iat` now) signed with the secret. The template must have
 * `((subject))` and `((body))` placeholders: the message is sent as those two personalisation fields.
 */
export class NotifySender implements MessageSender {
  private readonly serviceId: string;
  private readonly secret: Uint8Array;

  constructor(
    apiKey: string,
    private readonly templateId: string,
    private readonly baseUrl = 'https://api.notifications.service.gov.uk',
  ) {
    const match = /^.+-([0-9a-f-]{36})-([0-9a-f-]{36})$/.exec(apiKey);
    if (!match) throw new Error('RCC_NOTIFY_API_KEY is not a GOV.UK Notify API key (name-serviceid-secret)');
    this.serviceId = match[1]!;
    this.secret = new TextEncoder().encode(match[2]!);
  }

  async send(m: OutgoingMessage): Promise<void> {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.serviceId)
      .setIssuedAt()
      .sign(this.secret);
    const res = await fetch(`${this.baseUrl}/v2/notifications/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        email_address: m.to,
        template_id: this.templateId,
        personalisation: { subject: m.subject, body: m.body },
      }),
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status !== 201)
      throw new Error(`GOV.UK Notify answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }

  async close(): Promise<void> {}
}
