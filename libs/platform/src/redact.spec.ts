import { describe, expect, it } from '@jest/globals';
import { describeDatabaseError, redactQuoted, redactSql } from './redact.js';

describe('log redaction', () => {
  it('keeps the shape of a statement, never its literals', () => {
    expect(redactSql("SELECT * FROM child WHERE upn = 'A123456789012' AND dob = $1")).toBe(
      "SELECT * FROM child WHERE upn = '?' AND dob = $1",
    );
    expect(redactSql("INSERT INTO t VALUES ('it''s', $tag$secret$tag$)")).toBe("INSERT INTO t VALUES ('?', '?')");
    expect(redactSql('x'.repeat(600)).length).toBe(501);
  });

  it('describes a PostgreSQL error by code and schema names, without detail, where or quoted values', () => {
    const error = Object.assign(new Error('invalid input syntax for type date: "31/02/2019"'), {
      code: '22007',
      detail: 'Key (child_id)=(C-0042) already exists.',
      where: 'COPY staging_episode, line 10, column decom: "31/02/2019"',
      table: 'staging_episode',
      column: 'decom',
    });
    const text = describeDatabaseError(error);
    expect(text).toBe('[22007] invalid input syntax for type date: "?" (table=staging_episode, column=decom)');
    expect(redactQuoted(`duplicate key value violates unique constraint "pk" 'x'`)).toBe(
      `duplicate key value violates unique constraint "?" '?'`,
    );
  });
});
