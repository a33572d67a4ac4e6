import { describe, expect, it } from 'vitest';
import { filterExample, filtersFor, placeholder } from './variable-help-items';

describe('the variable help', () => {
  it('offers the filters of a variable’s type, and the fallback where it may be empty', () => {
    expect(filtersFor({ path: 'contact.birth_date', type: 'date', maybeEmpty: true })).toEqual([
      'fecha',
      'fecha_larga',
      'hora',
      'mayusculas',
      'minusculas',
      'digitos',
      'default',
    ]);
    expect(filtersFor({ path: 'contact.first_name', type: 'text', maybeEmpty: false })).toEqual([
      'mayusculas',
      'minusculas',
      'digitos',
    ]);
    expect(filtersFor({ path: 'vars.monto', type: null, maybeEmpty: false })).toContain('moneda');
  });

  it('shows what each filter makes of a sample, and inserts placeholders the compiler accepts', () => {
    expect(filterExample('fecha', 'es-AR')).toBe('15/3/26');
    expect(filterExample('moneda', 'es-AR')).toMatch(/^\$\s1\.234,50$/);
    expect(filterExample('default', 'es-AR')).toBe('sin dato');
    expect(placeholder('contact.dni')).toBe('{{contact.dni}}');
    expect(placeholder('contact.birth_date', 'fecha')).toBe('{{contact.birth_date|fecha}}');
    expect(placeholder('contact.locality', 'default')).toBe('{{contact.locality|default:"sin dato"}}');
  });
});
