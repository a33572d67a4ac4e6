import { describe, expect, it } from 'vitest';
import { benchRequestAllowed } from './bench-token';

describe('the bench routes gate', () => {
  it('is shut when no bench token is set, whatever the request carries', () => {
    expect(benchRequestAllowed('anything', undefined)).toBe(false);
    expect(benchRequestAllowed('', '')).toBe(false);
  });

  it('opens only for the token it was started with', () => {
    expect(benchRequestAllowed(null, 'secret')).toBe(false);
    expect(benchRequestAllowed('secreto', 'secret')).toBe(false);
    expect(benchRequestAllowed('secret', 'secret')).toBe(true);
  });
});
