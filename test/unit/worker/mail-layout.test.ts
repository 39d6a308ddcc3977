import { describe, expect, it } from 'vitest';
import { buildEmail, escapeHtml, oneLine } from '../../../worker/src/mail/layout';

describe('e-mail layout', () => {
  it('escapes every value in the HTML and keeps the text readable', () => {
    const hostile = `<script>alert("x")</script> & 'quotes'`;
    const mail = buildEmail({
      to: 'a@example.com',
      subject: `Hello ${hostile}`,
      heading: hostile,
      blocks: [
        { p: hostile },
        { facts: [[hostile, hostile]] },
        { button: { label: hostile, url: `https://x.example/?a="><script>` } },
        { note: hostile },
      ],
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('"><script>');
    expect(mail.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;',
    );
    expect(mail.text).toContain(hostile);
  });

  it('keeps subjects on one bounded line', () => {
    const mail = buildEmail({
      to: 'a@example.com',
      subject: `Hi\r\nBcc: victim@example.com ${'x'.repeat(500)}`,
      heading: 'h',
      blocks: [],
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject.length).toBeLessThanOrEqual(150);
    expect(oneLine('a\u2028b')).toBe('a b');
    expect(escapeHtml('&<>"\'')).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
