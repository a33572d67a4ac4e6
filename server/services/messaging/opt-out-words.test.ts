import { describe, expect, it } from 'vitest';
import { firstKeyword, messageCommand } from './opt-out-words';

describe('messageCommand', () => {
  it('recognises the opt-out and opt-in words alone, in any case, with accents or punctuation', () => {
    for (const body of [
      'BAJA',
      ' baja. ',
      'Stop',
      'STOPALL',
      'unsubscribe',
      'Cancelar!',
      'cancel',
      'END',
      'quit',
      'Bája',
    ]) {
      expect(messageCommand(body)).toBe('opt_out');
    }
    for (const body of ['ALTA', 'alta', 'Start', 'UNSTOP', '¡Alta!'])
      expect(messageCommand(body)).toBe('opt_in');
  });

  it('leaves sentences and ordinary answers alone', () => {
    for (const body of ['quiero darme de baja', 'STOP PLEASE', 'SI', 'yes', 'no', '', 'turno']) {
      expect(messageCommand(body)).toBeNull();
    }
  });
});

describe('firstKeyword', () => {
  it('takes the first word in upper case, letters and digits only', () => {
    expect(firstKeyword('turno para mañana')).toBe('TURNO');
    expect(firstKeyword('  Vacunación, por favor')).toBe('VACUNACIÓN');
    expect(firstKeyword('¿?')).toBeNull();
  });
});
