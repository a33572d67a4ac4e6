/**
 * The values a citizen types or keys in that a flow can check, each with its normal form. Pure and
 * small on purpose: this runs in the workflow bundle, where a numbering-plan library would be
 * evaluated again by every execution that uses the node.
 */
export const INPUT_FORMATS = ['dni', 'email', 'phone', 'date'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** The value in its normal form, or null when it is not one of that format. */
export function normalizeInput(format: InputFormat, value: string): string | null {
  const text = value.trim();
  switch (format) {
    case 'dni':
      return dni(text);
    case 'email':
      return email(text);
    case 'phone':
      return argentinePhone(text);
    case 'date':
      return date(text);
  }
}

/** 7 or 8 digits, bare or with dots between thousands (20.123.456, 7.654.321) → the digits. */
function dni(text: string): string | null {
  return /^(\d{7,8}|\d{1,2}\.\d{3}\.\d{3})$/.test(text) ? text.replaceAll('.', '') : null;
}

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** A mailbox at a domain with a dot (the practical check, not RFC 5322) → lower case, as lookups compare it. */
function email(text: string): string | null {
  if (text.length > 254 || !EMAIL.test(text)) return null;
  const local = text.slice(0, text.lastIndexOf('@'));
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  return text.toLowerCase();
}

/**
 * An Argentine number as people write it → E.164. Nationally it is 0 + area code (2–4 digits) + 15
 * for a mobile + the number, 10 digits without the 0 and the 15; internationally +54 9 + those 10
 * digits for a mobile, +54 + them for a landline. Area codes start with 11 (Buenos Aires, the only
 * 2-digit one), 2 or 3; that and the 15's place are enough to tell the parts apart without a table.
 * Ten digits with neither a 9 nor a 15 could be either kind of line: they are taken as written.
 */
function argentinePhone(text: string): string | null {
  const compact = text.replace(/[\s\-().]/g, '');
  const international = /^(?:\+|00)54(\d+)$/.exec(compact);
  if (international?.[1] !== undefined) {
    const rest = international[1];
    if (rest.length === 11 && rest.startsWith('9')) return nationalNumber(rest.slice(1), true);
    return nationalNumber(rest, false);
  }
  if (!/^\d+$/.test(compact)) return null;
  const national = compact.startsWith('0') ? compact.slice(1) : compact;
  if (national.length === 12) {
    const area = national.startsWith('11') ? 2 : national.slice(3, 5) === '15' ? 3 : 4;
    if (national.slice(area, area + 2) !== '15') return null;
    return nationalNumber(national.slice(0, area) + national.slice(area + 2), true);
  }
  return nationalNumber(national, false);
}

function nationalNumber(digits: string, mobile: boolean): string | null {
  if (!/^(11|[23]\d)\d{8}$/.test(digits)) return null;
  return mobile ? `+549${digits}` : `+54${digits}`;
}

/**
 * dd/mm/aaaa (day and month may have one digit), or its 8 digits as a keypad gives them → ISO
 * aaaa-mm-dd, the form the split node's before/after conditions compare. Only real calendar days.
 */
function date(text: string): string | null {
  const parts = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  if (!parts) return null;
  const [day, month, year] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
