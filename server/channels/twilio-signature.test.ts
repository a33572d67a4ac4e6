import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { isValidTwilioSignature, publicOrigin, publicRequestUrl } from './twilio-signature';

const TOKEN = '12345678901234567890123456789012';
const params = {
  CallSid: 'CA0123456789abcdef0123456789abcdef',
  From: '+5493424000001',
  To: '+543424000000',
  Digits: '1',
};

describe('X-Twilio-Signature', () => {
  const url = 'https://cauce.example.gob.ar/api/twilio/gather?seq=2';
  const signed = twilio.getExpectedTwilioSignature(TOKEN, url, params);

  it('accepts a request signed exactly as Twilio signs it', () => {
    expect(isValidTwilioSignature({ authToken: TOKEN, signature: signed, url, params })).toBe(true);
    // Twilio may have signed the URL with the explicit default port.
    const withPort = twilio.getExpectedTwilioSignature(
      TOKEN,
      'https://cauce.example.gob.ar:443/api/twilio/gather?seq=2',
      params,
    );
    expect(isValidTwilioSignature({ authToken: TOKEN, signature: withPort, url, params })).toBe(true);
  });

  it('refuses unsigned, forged, other-token and replayed-with-different-body requests', () => {
    expect(isValidTwilioSignature({ authToken: TOKEN, signature: null, url, params })).toBe(false);
    expect(isValidTwilioSignature({ authToken: TOKEN, signature: '', url, params })).toBe(false);
    expect(
      isValidTwilioSignature({ authToken: TOKEN, signature: 'Zm9yZ2VkIHNpZ25hdHVyZQ==', url, params }),
    ).toBe(false);
    const otherToken = twilio.getExpectedTwilioSignature('another-token-another-token-0000', url, params);
    expect(isValidTwilioSignature({ authToken: TOKEN, signature: otherToken, url, params })).toBe(false);
    // The captured signature of "pressed 1" does not cover "pressed 9", another turn, or another host.
    expect(
      isValidTwilioSignature({
        authToken: TOKEN,
        signature: signed,
        url,
        params: { ...params, Digits: '9' },
      }),
    ).toBe(false);
    expect(
      isValidTwilioSignature({
        authToken: TOKEN,
        signature: signed,
        url: url.replace('seq=2', 'seq=3'),
        params,
      }),
    ).toBe(false);
    expect(
      isValidTwilioSignature({
        authToken: TOKEN,
        signature: signed,
        url: url.replace('cauce.', 'otro.'),
        params,
      }),
    ).toBe(false);
  });
});

describe('the public URL Twilio signed', () => {
  const behindProxy = new Request('http://10.0.0.5:3000/api/twilio/voice?x=1', {
    method: 'POST',
    headers: {
      'x-forwarded-proto': 'https, http',
      'x-forwarded-host': 'cauce.santafe.gob.ar',
      host: '10.0.0.5:3000',
    },
  });

  it('uses PUBLIC_BASE_URL when set (without a trailing slash), with the path and query as requested', () => {
    expect(publicRequestUrl(behindProxy, 'https://ivr.santafe.gob.ar/')).toBe(
      'https://ivr.santafe.gob.ar/api/twilio/voice?x=1',
    );
    expect(publicOrigin(behindProxy, 'https://ivr.santafe.gob.ar')).toBe('https://ivr.santafe.gob.ar');
  });

  it('honours X-Forwarded-Proto/Host behind a proxy, else the Host header', () => {
    expect(publicRequestUrl(behindProxy, undefined)).toBe(
      'https://cauce.santafe.gob.ar/api/twilio/voice?x=1',
    );
    const direct = new Request('http://127.0.0.1:3000/api/twilio/status', {
      method: 'POST',
      headers: { host: 'cauce.local:3000' },
    });
    expect(publicRequestUrl(direct, undefined)).toBe('http://cauce.local:3000/api/twilio/status');
  });
});
